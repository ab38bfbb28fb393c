'use strict';

const { page } = require('./widgets');

console.log(page('Save'));
