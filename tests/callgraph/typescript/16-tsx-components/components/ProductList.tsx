import { Price, formatPrice } from './Price';

export interface Product {
  id: string;
  name: string;
  cents: number;
}

function sumCents(products: Product[]): number {
  return products.reduce((sum, product) => sum + product.cents, 0);
}

export const ProductList = ({ products }: { products: Product[] }) => {
  const total = sumCents(products);
  return (
    <ul>
      {products.map((product) => (
        <li key={product.id}>
          {product.name} <Price cents={product.cents} />
        </li>
      ))}
      <li className="total">total {formatPrice(total)}</li>
    </ul>
  );
};
