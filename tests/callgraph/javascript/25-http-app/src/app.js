'use strict';

const { Router } = require('./router');
const { listUsers, createUser } = require('./routes/users');

function requestLogger(req) {
  console.log(`${req.method} ${req.path}`);
}

function createApp() {
  const router = new Router();
  router.useMiddleware(requestLogger);
  router.addRoute('GET', '/users', listUsers).addRoute('POST', '/users', createUser);
  return router;
}

module.exports = { createApp };
