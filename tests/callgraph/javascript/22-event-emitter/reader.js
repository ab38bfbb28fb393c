'use strict';

const { EventEmitter } = require('events');
const { emit } = require('./log');

class LineReader extends EventEmitter {
  constructor() {
    super();
    this.buffer = '';
  }

  startListening() {
    this.on('data', (chunk) => this.handleChunk(chunk));
    return this;
  }

  handleChunk(chunk) {
    this.buffer += chunk;
    const parts = this.buffer.split('\n');
    this.buffer = parts.pop();
    parts.forEach((line) => this.emit('line', line));
    emit(`chunk of ${chunk.length} bytes`);
  }

  feed(text) {
    this.emit('data', text);
  }
}

module.exports = { LineReader };
