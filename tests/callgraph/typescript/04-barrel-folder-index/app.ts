import { Order, createUser, normalizeEmail, orderFor } from './models';

function checkout(email: string): Order {
  const user = createUser(1, email);
  return orderFor(user, 'pen', 'ink');
}

const order = checkout('  Ada@Example.com ');
console.log(order.owner.email, order instanceof Order, normalizeEmail('X@Y.Z'));
