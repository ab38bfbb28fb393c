interface Line {
  sku: string;
  quantity: number;
  unitPrice: number;
}

function lineTotal(line: Line): number {
  return line.quantity * line.unitPrice;
}

const subtotal = (lines: Line[]): number => lines.reduce((sum, line) => sum + lineTotal(line), 0);

const tax = function (amount: number, rate = 0.2): number {
  return Math.round(amount * rate * 100) / 100;
};

export function total(lines: Line[]): number {
  const net = subtotal(lines);
  return net + tax(net);
}

function main(): void {
  const lines: Line[] = [
    { sku: 'pen', quantity: 2, unitPrice: 1.5 },
    { sku: 'ink', quantity: 1, unitPrice: 4 },
  ];
  console.log(total(lines).toFixed(2));
}

main();
