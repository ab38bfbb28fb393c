'use strict';

const users = require('../services/users');

function listUsers(req, res) {
  res.body = users.list();
}

function createUser(req, res) {
  res.status = 201;
  res.body = users.create(req.body.name);
}

module.exports = { listUsers, createUser };
