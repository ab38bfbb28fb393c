'use strict';

const { Cart } = require('./cart');

function checkout() {
  const cart = new Cart('EUR');
  cart.addItem('pen', 1.5, 2).addItem('ink', 4);
  console.log(cart.receiptText());
}

checkout();
