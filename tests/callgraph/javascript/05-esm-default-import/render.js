export function cell(value) {
  return `<td>${value}</td>`;
}

export default function render(rows) {
  return rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
}
