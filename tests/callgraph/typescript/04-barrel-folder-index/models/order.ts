import { User } from './user';

export class Order {
  constructor(
    readonly owner: User,
    readonly items: string[],
  ) {}
}

export function orderFor(owner: User, ...items: string[]): Order {
  return new Order(owner, items);
}
