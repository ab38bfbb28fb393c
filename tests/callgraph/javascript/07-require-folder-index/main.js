'use strict';

const { createUser, sendMail } = require('./services');

function signUp(name, email) {
  const user = createUser(name, email);
  sendMail(user.email, 'Welcome {name}, your id is {id}', user);
  return user;
}

signUp('Ada', 'ada@example.com');
