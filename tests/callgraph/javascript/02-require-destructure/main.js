'use strict';

const { parse, format: fmt } = require('./lib/util');
const { helper: toObject } = require('./lib/util.js');

function format(obj) {
  return JSON.stringify(obj);
}

function run(input) {
  const pairs = parse(input);
  console.log(fmt(pairs));
  console.log(format(toObject(pairs)));
}

run('host=db1;port=5432;debug');
