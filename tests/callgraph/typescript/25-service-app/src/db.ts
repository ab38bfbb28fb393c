export class Database {
  private readonly tables = new Map<string, unknown[]>();

  private table(name: string): unknown[] {
    if (!this.tables.has(name)) this.tables.set(name, []);
    return this.tables.get(name)!;
  }

  insertRow(name: string, row: unknown): void {
    this.table(name).push(row);
  }

  selectAll(name: string): unknown[] {
    return [...this.table(name)];
  }
}
