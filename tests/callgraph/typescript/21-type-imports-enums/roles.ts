import { Role } from './types';
import type { User } from './types';

const rank: Record<Role, number> = { [Role.Viewer]: 0, [Role.Editor]: 1, [Role.Admin]: 2 };

export function highestRole(user: User): Role {
  return user.roles.reduce((best, role) => (rank[role] > rank[best] ? role : best), Role.Viewer);
}

export function hasRole(user: User, needed: Role): boolean {
  return rank[highestRole(user)] >= rank[needed];
}
