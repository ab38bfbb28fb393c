'use strict';

class Config {
  constructor(values = {}) {
    this.values = { retries: 3, poolSize: 2, ...values };
  }
}

module.exports = { Config };
