export class Money {
  private constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}

  static of(amount: number, currency = 'EUR'): Money {
    return new Money(Money.toCents(amount), currency);
  }

  static parse(text: string): Money {
    const [amount, currency] = text.trim().split(/\s+/);
    return Money.of(Number(amount), currency);
  }

  private static toCents(amount: number): number {
    return Math.round(amount * 100);
  }

  static sum(values: Money[]): Money {
    return values.reduce((acc, value) => acc.plus(value), Money.of(0, values[0].currency));
  }

  plus(other: Money): Money {
    if (other.currency !== this.currency) throw new Error('currency mismatch');
    return new Money(this.cents + other.cents, this.currency);
  }

  toString(): string {
    return `${(this.cents / 100).toFixed(2)} ${this.currency}`;
  }
}
