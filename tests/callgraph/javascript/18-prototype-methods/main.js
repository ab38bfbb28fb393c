'use strict';

const Queue = require('./queue');

function main() {
  const queue = new Queue(2);
  queue.enqueueAll(['a', 'b', 'c']);
  queue.drainInto((item) => console.log(item));
}

main();
