'use strict';

class Stack {
  constructor() {
    this.items = [];
  }

  push(item) {
    this.items.push(item);
    return this;
  }

  pushAll(items) {
    items.forEach((item) => this.push(item));
    return this;
  }
}

function parse(text) {
  return new Stack().pushAll(JSON.parse(text));
}

module.exports = { Stack, parse };
