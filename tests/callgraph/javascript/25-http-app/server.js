'use strict';

const { createApp } = require('./src/app');

const app = createApp();
for (const req of [
  { method: 'POST', path: '/users', body: { name: 'grace' } },
  { method: 'GET', path: '/users' },
  { method: 'GET', path: '/missing' },
]) {
  const res = app.dispatchRequest(req);
  console.log(res.status, JSON.stringify(res.body));
}
