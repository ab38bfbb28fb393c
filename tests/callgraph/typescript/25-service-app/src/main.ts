import { Database } from './db';
import { OrderRepository } from './repositories/orderRepository';
import { OrderService } from './services/orderService';

function consoleNotifier(message: string): void {
  console.log(`[notify] ${message}`);
}

function bootstrap(): OrderService {
  const db = new Database();
  return new OrderService(new OrderRepository(db), consoleNotifier);
}

const service = bootstrap();
service.placeOrder('ada', [{ sku: 'pen', quantity: 2, unitCents: 150 }]);
service.placeOrder('grace', [{ sku: 'ink', quantity: 1, unitCents: 400 }]);
console.log(service.totalRevenue());
