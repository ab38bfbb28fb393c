'use strict';

function onCreate(payload) {
  return `created ${payload.id}`;
}

function onDelete(payload) {
  return `deleted ${payload.id}`;
}

function audit(message) {
  console.log(`[audit] ${message}`);
  return message;
}

const handlers = { create: onCreate, delete: onDelete };

function handle(type, payload) {
  const result = handlers[type](payload);
  return audit(result);
}

module.exports = { handle, handlers, audit };
