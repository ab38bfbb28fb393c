export interface User {
  id: number;
  email: string;
}

export function createUser(id: number, email: string): User {
  return { id, email: normalizeEmail(email) };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
