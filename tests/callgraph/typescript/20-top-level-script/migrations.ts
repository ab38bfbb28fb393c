export interface Migration {
  id: number;
  sql: string;
}

export async function pendingMigrations(applied: number[]): Promise<Migration[]> {
  const all: Migration[] = [
    { id: 1, sql: 'CREATE TABLE users (id INT)' },
    { id: 2, sql: 'ALTER TABLE users ADD email TEXT' },
  ];
  return all.filter((m) => !applied.includes(m.id));
}

export function apply(migration: Migration): string {
  return `applied #${migration.id}: ${migration.sql}`;
}
