export interface OrderLine {
  sku: string;
  quantity: number;
  unitCents: number;
}

export interface Order {
  id: string;
  customer: string;
  lines: OrderLine[];
}

let sequence = 0;

function lineTotal(line: OrderLine): number {
  return line.quantity * line.unitCents;
}

export function orderTotal(order: Order): number {
  return order.lines.reduce((sum, line) => sum + lineTotal(line), 0);
}

export function createOrder(customer: string, lines: OrderLine[]): Order {
  sequence += 1;
  return { id: `o-${sequence}`, customer, lines };
}

export function sumTotals(orders: Order[]): number {
  return orders.reduce((sum, order) => sum + orderTotal(order), 0);
}
