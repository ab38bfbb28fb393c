'use strict';

const { createUser } = require('./users');
const { sendMail } = require('./mailer');

module.exports = { createUser, sendMail };
