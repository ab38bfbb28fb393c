import { apply, pendingMigrations } from './migrations';

function header(count: number): string {
  return `${count} migration(s) to run`;
}

const pending = await pendingMigrations([1]);
console.log(header(pending.length));
for (const migration of pending) {
  console.log(apply(migration));
}
if (pending.length === 0) {
  console.log(header(0));
}

export {};
