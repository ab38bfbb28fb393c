'use strict';

const cache = require('./cache');
const store = require('./store');

console.log(cache.get('abc'), cache.get('abc'), store.has('cache:abc'));
