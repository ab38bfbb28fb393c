export interface Entity {
  id: string;
}

export abstract class BaseRepository<T extends Entity> {
  protected readonly rows = new Map<string, T>();

  protected abstract validate(row: T): void;

  protected log(message: string): void {
    console.log(`[${this.constructor.name}] ${message}`);
  }

  save(row: T): T {
    this.validate(row);
    this.rows.set(row.id, row);
    this.log(`saved ${row.id}`);
    return row;
  }

  find(id: string): T | undefined {
    return this.rows.get(id);
  }
}
