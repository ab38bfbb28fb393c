'use strict';

function parse(line) {
  const [name, amount] = line.split(',');
  return { name: name.trim(), amount: Number(amount) };
}

const total = (rows) => rows.reduce((sum, row) => sum + row.amount, 0);

const formatMoney = function (value) {
  return value.toFixed(2);
};

function render(rows) {
  const lines = rows.map((row) => `${row.name}: ${formatMoney(row.amount)}`);
  lines.push(`total: ${formatMoney(total(rows))}`);
  return lines.join('\n');
}

function main() {
  const raw = ['alice, 12.5', 'bob, 7.25', 'carol, 100'];
  const rows = raw.map(parse);
  console.log(render(rows));
}

main();
