'use strict';

const users = new Map();

function validate(user) {
  if (!user.email || !user.email.includes('@')) {
    throw new Error(`invalid email for ${user.name}`);
  }
}

function createUser(name, email) {
  const user = { id: users.size + 1, name, email };
  validate(user);
  users.set(user.id, user);
  return user;
}

module.exports = { createUser };
