'use strict';

const strings = require('./lib/strings');

function run() {
  const titles = ['  Hello World ', 'Release 2.0'];
  console.log(strings.run(titles));
  console.log(strings.helper('  padded  '));
}

run();
