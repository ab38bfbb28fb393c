'use strict';

const store = require('./store');

function expensive(key) {
  return key.split('').reverse().join('');
}

function get(key) {
  return store.getOrSet(`cache:${key}`, () => expensive(key));
}

module.exports = { get };
