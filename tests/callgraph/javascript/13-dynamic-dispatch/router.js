'use strict';

const { handle, audit } = require('./handlers');

class Router {
  routeCreate(payload) {
    return handle('create', payload);
  }

  routeDelete(payload) {
    return handle('delete', payload);
  }

  dispatchRoute(kind, payload) {
    const method = `route${kind[0].toUpperCase()}${kind.slice(1)}`;
    return this[method](payload);
  }
}

function pick(verbose) {
  return verbose ? audit : (message) => message;
}

function main() {
  const router = new Router();
  router.dispatchRoute('create', { id: 1 });
  router.dispatchRoute('delete', { id: 2 });
  const report = pick(true);
  report('done');
}

main();
