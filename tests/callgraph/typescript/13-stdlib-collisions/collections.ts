export function join(parts: string[], separator = '/'): string {
  return parts.filter((part) => part.length > 0).join(separator);
}

export function max(values: number[]): number | undefined {
  return values.length ? Math.max(...values) : undefined;
}

export function map<T, U>(values: T[], fn: (value: T) => U): U[] {
  const out: U[] = [];
  for (const value of values) out.push(fn(value));
  return out;
}

export class List<T> {
  private readonly items: T[] = [];

  push(item: T): this {
    this.items.push(item);
    return this;
  }

  pushMany(items: T[]): this {
    items.forEach((item) => this.push(item));
    return this;
  }

  toArray(): T[] {
    return [...this.items];
  }
}
