export function parse(text) {
  return JSON.parse(text);
}

export function dump(rows) {
  return JSON.stringify(rows);
}
