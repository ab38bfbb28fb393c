'use strict';

function Queue(limit) {
  this.items = [];
  this.limit = limit;
}

Queue.prototype.isFull = function () {
  return this.items.length >= this.limit;
};

Queue.prototype.push = function (item) {
  if (this.isFull()) {
    this.shift();
  }
  this.items.push(item);
  return this;
};

Queue.prototype.enqueueAll = function (items) {
  items.forEach((item) => this.push(item));
  return this;
};

Queue.prototype.shift = function () {
  return this.items.shift();
};

Queue.prototype.drainInto = function (visit) {
  while (this.items.length) {
    visit(this.shift());
  }
};

module.exports = Queue;
