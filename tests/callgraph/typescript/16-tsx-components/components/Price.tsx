export function formatPrice(cents: number, currency = 'EUR'): string {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}

export function Price({ cents }: { cents: number }) {
  return <span className="price">{formatPrice(cents)}</span>;
}
