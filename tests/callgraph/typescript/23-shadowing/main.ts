import { format, load, loadPairs } from './text';

function run(): void {
  console.log(load<{ a: number }>('{"a": 1}').a, format([['x', '1']]));
}

function report(keys: string[]): string {
  const format = (items: string[]) => items.join('|');
  return format(keys);
}

function transform(items: string[], format: (s: string) => string): string[] {
  return items.map((item) => format(item));
}

run();
console.log(report(Object.keys(loadPairs('a=1&b=2'))), transform(['x'], (s) => s.toUpperCase()));
