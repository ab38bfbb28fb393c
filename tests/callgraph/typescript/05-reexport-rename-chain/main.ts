import { mergeConfig, parse } from './loader';

function parse2(text: string): string[] {
  return text.split(',');
}

const defaults = parse('host = localhost\nport = 5432');
const merged = mergeConfig(defaults, parse('port = 6543'));
console.log(merged, parse2('a,b'), JSON.parse('{"ok": true}'));
