import { MarkdownFormatter, format } from './formatters';

const rows = [['pen', '2'], ['ink', '1']];
console.log(format(['item', 'qty'], rows));
console.log(new MarkdownFormatter().markdownTable(['item', 'qty'], rows));
