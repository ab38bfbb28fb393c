export { createUser, normalizeEmail } from './user';
export type { User } from './user';
export * from './order';
