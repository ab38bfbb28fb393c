'use strict';

const { traced, memoize } = require('./wrappers');

function square(n) {
  return n * n;
}

const slowFib = (n) => (n < 2 ? n : slowFib(n - 1) + slowFib(n - 2));

const tracedSquare = traced(square);
const fastFib = memoize(slowFib);

function report() {
  console.log(tracedSquare(7), fastFib(20), fastFib(20), square(3));
}

report();
