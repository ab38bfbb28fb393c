'use strict';

const lines = [];

function emit(line) {
  lines.push(line);
  console.log(line);
}

function flush() {
  const count = lines.length;
  lines.length = 0;
  return count;
}

module.exports = { emit, flush };
