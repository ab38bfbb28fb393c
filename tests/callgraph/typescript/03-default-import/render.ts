export function cell(value: string): string {
  return `<td>${value}</td>`;
}

export default function render(rows: string[][]): string {
  return rows.map((row) => `<tr>${row.map((value) => cell(value)).join('')}</tr>`).join('\n');
}
