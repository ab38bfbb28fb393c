'use strict';

const { Money } = require('./money');

function main() {
  const prices = ['12.50 EUR', '0.99 EUR', '3 EUR'].map((text) => Money.fromString(text));
  const total = Money.sum(prices);
  console.log(total.cents / 100, total.currency, Number.parseFloat('1.5'), Math.max(1, 2));
}

main();
