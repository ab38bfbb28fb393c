'use strict';

class Router {
  constructor() {
    this.routes = [];
    this.middleware = [];
  }

  useMiddleware(fn) {
    this.middleware.push(fn);
    return this;
  }

  addRoute(method, path, handler) {
    this.routes.push({ method, path, handler });
    return this;
  }

  match(method, path) {
    return this.routes.find((route) => route.method === method && route.path === path);
  }

  dispatchRequest(req) {
    const res = { status: 200, body: null };
    for (const fn of this.middleware) {
      fn(req, res);
    }
    const route = this.match(req.method, req.path);
    if (!route) {
      return notFound(res);
    }
    route.handler(req, res);
    return res;
  }
}

function notFound(res) {
  res.status = 404;
  res.body = 'not found';
  return res;
}

module.exports = { Router };
