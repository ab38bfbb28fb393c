import { Store, firstOrNull } from './store';

export interface Product {
  id: number;
  name: string;
  price: number;
}

export class ProductCatalog {
  private readonly store = new Store<Product>();

  addProduct(name: string, price: number): Product {
    return this.store.insert((id) => ({ id, name, price }));
  }

  cheapest(limit: number): Product | null {
    const rows = this.store.where((row) => row.price <= limit);
    return firstOrNull(rows.sort((a, b) => a.price - b.price));
  }
}
