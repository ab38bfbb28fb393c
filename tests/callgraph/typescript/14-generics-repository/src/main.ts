import { ProductCatalog } from './products';

const catalog = new ProductCatalog();
catalog.addProduct('pen', 1.5);
catalog.addProduct('ink', 4);
console.log(catalog.cheapest(5)?.name);
