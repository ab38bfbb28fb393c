'use strict';

function helper(value) {
  return String(value).trim();
}

function slug(value) {
  return helper(value).toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function run(values) {
  return values.map((value) => slug(value));
}

module.exports = { helper, slug, run };
