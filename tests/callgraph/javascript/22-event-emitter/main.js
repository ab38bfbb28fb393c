'use strict';

const { LineReader } = require('./reader');
const { flush } = require('./log');

function main() {
  const reader = new LineReader().startListening();
  reader.on('line', (line) => console.log(`> ${line}`));
  reader.feed('alpha\nbeta\ngam');
  reader.feed('ma\n');
  console.log(`${flush()} log lines`);
}

main();
