import { Product, ProductList } from './components/ProductList';

function loadProducts(): Product[] {
  return [
    { id: 'p1', name: 'pen', cents: 150 },
    { id: 'p2', name: 'ink', cents: 400 },
  ];
}

export default function App() {
  const products = loadProducts();
  return (
    <main>
      <h1>Shop</h1>
      <ProductList products={products} />
    </main>
  );
}
