'use strict';

const data = new Map();

exports.get = function (key) {
  return data.has(key) ? data.get(key) : undefined;
};

exports.set = function (key, value) {
  data.set(key, value);
  return value;
};

exports.has = function (key) {
  return exports.get(key) !== undefined;
};

module.exports.getOrSet = (key, make) => (exports.has(key) ? exports.get(key) : exports.set(key, make()));
