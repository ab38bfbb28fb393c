'use strict';

const Admin = require('./models/admin');

function main() {
  const admin = new Admin('grace');
  admin.promote();
  console.log(admin.badge());
}

main();
