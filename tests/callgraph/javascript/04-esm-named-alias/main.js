import { slugify as toSlug, truncate, helper as compact } from './text.js';

function helper(title) {
  return title.replace(/\b\w/g, (c) => c.toUpperCase());
}

export function run(titles) {
  for (const title of compact(titles)) {
    console.log(truncate(helper(title), 12), toSlug(title));
  }
}

run(['hello world', '', 'a much longer headline here']);
