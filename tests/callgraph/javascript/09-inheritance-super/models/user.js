'use strict';

class User {
  constructor(name) {
    this.name = name;
    this.roles = new Set();
  }

  grant(role) {
    this.roles.add(role);
    return this;
  }

  describe() {
    return `${this.name} (${this.roleList()})`;
  }

  roleList() {
    return [...this.roles].sort().join(', ') || 'no roles';
  }
}

module.exports = User;
