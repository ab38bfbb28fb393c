import { helper as compact, slugify as toSlug, truncate } from './lib/strings';

function helper(title: string): string {
  return title.replace(/\b\w/g, (c) => c.toUpperCase());
}

export function run(titles: string[]): string[] {
  return compact(titles).map((title) => `${truncate(helper(title), 12)} ${toSlug(title)}`);
}

console.log(run(['hello world', '', 'a much longer headline here']).join('\n'));
