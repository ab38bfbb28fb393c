'use strict';

const users = [{ id: 1, name: 'ada' }];

function list() {
  return users.slice();
}

function create(name) {
  const user = { id: users.length + 1, name };
  users.push(user);
  return user;
}

module.exports = { list, create };
