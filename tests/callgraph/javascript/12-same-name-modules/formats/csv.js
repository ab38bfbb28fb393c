export function parse(text) {
  return text.trim().split('\n').map((line) => line.split(','));
}

export function dump(rows) {
  return rows.map((row) => row.join(',')).join('\n');
}
