'use strict';

function parse(text) {
  return text
    .split(';')
    .map((pair) => pair.split('='))
    .filter((pair) => pair.length === 2);
}

function format(pairs) {
  return pairs.map(([key, value]) => `${key}: ${value}`).join('\n');
}

function helper(pairs) {
  return Object.fromEntries(pairs);
}

module.exports = { parse, format, helper };
