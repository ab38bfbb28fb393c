'use strict';

const lib = require('./lib');
const { Config } = require('./config');

class Service {
  constructor(name, client, pool) {
    this.name = name;
    this.client = client;
    this.pool = pool;
  }
}

function boot() {
  const config = new Config({ retries: 5 });
  const client = new lib.Client('https://api.example.test', config.values.retries);
  const service = new Service('billing', client, lib.createPool(config.values.poolSize));
  const started = new Date();
  console.log(service.name, service.pool.clients.length, client.retries, started instanceof Date);
}

boot();
