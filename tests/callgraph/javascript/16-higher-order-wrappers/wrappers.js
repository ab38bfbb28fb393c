'use strict';

function logCall(name, args) {
  console.log(`-> ${name}(${args.join(', ')})`);
}

function traced(fn) {
  return function tracedCall(...args) {
    logCall(fn.name, args);
    return fn(...args);
  };
}

function memoize(fn) {
  const cache = new Map();
  return (key) => {
    if (!cache.has(key)) {
      cache.set(key, fn(key));
    }
    return cache.get(key);
  };
}

module.exports = { traced, memoize };
