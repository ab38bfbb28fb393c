export interface HasId {
  id: number;
}

export class Store<T extends HasId> {
  private readonly byId = new Map<number, T>();
  private nextId = 1;

  insert(make: (id: number) => T): T {
    const row = make(this.allocate());
    this.byId.set(row.id, row);
    return row;
  }

  private allocate(): number {
    return this.nextId++;
  }

  where(predicate: (row: T) => boolean): T[] {
    return this.all().filter(predicate);
  }

  all(): T[] {
    return [...this.byId.values()];
  }
}

export function firstOrNull<T>(rows: T[]): T | null {
  return rows.length ? rows[0] : null;
}
