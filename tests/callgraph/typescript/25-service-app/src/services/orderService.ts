import { createOrder, orderTotal, sumTotals } from '../domain/order';
import type { Order, OrderLine } from '../domain/order';
import { OrderRepository } from '../repositories/orderRepository';

export type Notifier = (message: string) => void;

export class OrderService {
  constructor(
    private readonly repo: OrderRepository,
    private readonly notify: Notifier,
  ) {}

  placeOrder(customer: string, lines: OrderLine[]): Order {
    const order = createOrder(customer, lines);
    this.repo.addOrder(order);
    this.notify(`order ${order.id} for ${customer}: ${orderTotal(order)} cents`);
    return order;
  }

  totalRevenue(): number {
    return sumTotals(this.repo.listOrders());
  }
}
