import { Database } from '../db';
import type { Order } from '../domain/order';

export class OrderRepository {
  constructor(private readonly db: Database) {}

  addOrder(order: Order): void {
    this.db.insertRow('orders', order);
  }

  listOrders(): Order[] {
    return this.db.selectAll('orders') as Order[];
  }
}
