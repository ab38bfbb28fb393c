'use strict';

class Cart {
  constructor(currency) {
    this.currency = currency;
    this.lines = [];
  }

  check(quantity) {
    if (!Number.isInteger(quantity) || quantity <= 0) {
      throw new RangeError(`bad quantity ${quantity}`);
    }
  }

  addItem(sku, price, quantity = 1) {
    this.check(quantity);
    this.lines.push({ sku, price, quantity });
    return this;
  }

  subtotal() {
    return this.lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  }

  format(amount) {
    return `${amount.toFixed(2)} ${this.currency}`;
  }

  receiptText() {
    const rows = this.lines.map((line) => `${line.sku} x${line.quantity}`);
    rows.push(`total ${this.format(this.subtotal())}`);
    return rows.join('\n');
  }
}

module.exports = { Cart };
