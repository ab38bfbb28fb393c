import { hasRole } from './roles';
import { Role, type User } from './types';

export function canPublish(user: User): boolean {
  return hasRole(user, Role.Editor);
}

const ada: User = { name: 'ada', roles: [Role.Viewer, Role.Admin] };
console.log(canPublish(ada), hasRole(ada, Role.Admin));
