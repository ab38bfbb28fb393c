'use strict';

const path = require('path');
const { join, resolve } = require('./paths');
const stack = require('./stack');

async function main() {
  const names = [];
  names.push(join('srv', 'data'));
  names.push(path.join('srv', 'logs'));
  names.push(resolve('/srv', 'cache/'));
  const items = stack.parse('[1, 2, 3]').items;
  const ready = await Promise.resolve(names.join(', '));
  console.log(ready, items, JSON.stringify(items));
}

main();
