import { join, List, map, max } from './collections';

function parse(text: string): number[] {
  return text.split(',').map((part) => Number(part));
}

const numbers = parse('3,1,4');
const doubled = map(numbers, (n) => n * 2);
const list = new List<number>().pushMany(doubled);
console.log(join(['a', '', 'b']), ['x', 'y'].join('-'));
console.log(max(list.toArray()), Math.max(1, 2), JSON.parse('{"n": 1}'));
