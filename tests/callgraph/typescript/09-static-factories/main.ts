import { Money } from './money';

const prices = ['12.50 EUR', '0.99 EUR'].map((text) => Money.parse(text));
const total = Money.sum([...prices, Money.of(3)]);
console.log(String(total), Number.parseFloat('2.5'), JSON.parse('[1]'));
