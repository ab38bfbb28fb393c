'use strict';

class Client {
  constructor(baseUrl, retries) {
    this.baseUrl = baseUrl;
    this.retries = retries;
  }
}

class Pool {
  constructor(size) {
    this.clients = Array.from({ length: size }, () => null);
  }
}

function createPool(size) {
  return new Pool(size);
}

module.exports = { Client, Pool, createPool };
