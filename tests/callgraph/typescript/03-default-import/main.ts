import Tokenizer from './Tokenizer';
import renderTable, { cell } from './render';

function main(): void {
  const tokenizer = new Tokenizer(',');
  const rows = ['A, b', 'C , D'].map((line) => tokenizer.tokenizeLine(line));
  console.log(renderTable(rows));
  console.log(cell('footer'));
}

main();
