import { BaseRepository, Entity } from './base';

export interface UserRow extends Entity {
  email: string;
}

export class UserRepository extends BaseRepository<UserRow> {
  protected validate(row: UserRow): void {
    if (!row.email.includes('@')) {
      throw new Error(`bad email ${row.email}`);
    }
  }

  save(row: UserRow): UserRow {
    const saved = super.save({ ...row, email: row.email.toLowerCase() });
    this.log('user index updated');
    return saved;
  }

  addUser(email: string): UserRow {
    return this.save({ id: `u${this.rows.size + 1}`, email });
  }

  findByEmail(email: string): UserRow | undefined {
    for (const row of this.rows.values()) {
      if (row.email === email) return this.find(row.id);
    }
    return undefined;
  }
}
