'use strict';

const path = require('path');

function join(...parts) {
  return parts.filter(Boolean).map((part) => part.replace(/^\/+|\/+$/g, '')).join('/');
}

function resolve(base, relative) {
  return path.resolve(base, join(relative));
}

module.exports = { join, resolve };
