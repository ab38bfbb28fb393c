'use strict';

function parse(text) {
  return text.split('&').map((pair) => pair.split('='));
}

function format(pairs) {
  return pairs.map(([k, v]) => `${k}=${v}`).join(', ');
}

function load(text, parse = JSON.parse) {
  return parse(text);
}

function loadPairs(text) {
  return Object.fromEntries(parse(text));
}

module.exports = { parse, format, load, loadPairs };
