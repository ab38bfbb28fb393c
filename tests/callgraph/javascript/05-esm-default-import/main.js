import Parser from './parser.js';
import renderTable, { cell } from './render.js';

function main() {
  const parser = new Parser(',');
  const rows = parser.parseRows('a, b\nc, d\n');
  console.log(renderTable(rows));
  console.log(cell('footer'));
}

main();
