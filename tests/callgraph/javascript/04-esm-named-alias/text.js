export function slugify(title) {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function truncate(text, limit) {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}~`;
}

export const helper = (words) => words.filter(Boolean);
