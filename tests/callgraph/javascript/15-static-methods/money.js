'use strict';

class Money {
  constructor(cents, currency) {
    this.cents = cents;
    this.currency = currency;
  }

  static fromString(text) {
    const [amount, currency] = text.trim().split(/\s+/);
    return new Money(Money.toCents(amount), currency);
  }

  static toCents(amount) {
    return Math.round(Number(amount) * 100);
  }

  static sum(values) {
    return values.reduce((acc, value) => Money.add(acc, value), Money.zero(values[0].currency));
  }

  static zero(currency) {
    return new Money(0, currency);
  }

  static add(a, b) {
    if (a.currency !== b.currency) throw new Error('currency mismatch');
    return new Money(a.cents + b.cents, a.currency);
  }
}

module.exports = { Money };
