'use strict';

function clamp(value, limit = 100) {
  return Math.min(value, limit);
}

function makeCounter(start = 0) {
  let count = start;
  function increment(step = 1) {
    count = clamp(count + step);
    return count;
  }
  return increment;
}

function makePipeline(...steps) {
  return function run(value) {
    return steps.reduce((acc, step) => step(acc), value);
  };
}

function main() {
  const counter = makeCounter(5);
  counter();
  counter(3);

  const double = (x) => x * 2;
  const pipeline = makePipeline(double, clamp);
  console.log(pipeline(70), double(4));
}

main();
