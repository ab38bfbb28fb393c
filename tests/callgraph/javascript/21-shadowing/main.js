'use strict';

const { format, load, loadPairs } = require('./text');

function run() {
  console.log(load('{"a": 1}').a);
  console.log(format([['x', 1]]));
}

function report(pairs) {
  const format = (items) => items.map(([k]) => k).join('|');
  return format(pairs);
}

function transform(items, format) {
  return items.map((item) => format(item));
}

run();
console.log(report([['a', 1], ['b', 2]]), loadPairs('a=1&b=2'), transform([1], String));
