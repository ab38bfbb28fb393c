'use strict';

const User = require('./user');

class Admin extends User {
  promote() {
    return this.grant('admin').grant('audit');
  }

  describe() {
    return `${super.describe()} [admin]`;
  }

  badge() {
    return `*** ${this.describe()} ***`;
  }
}

module.exports = Admin;
