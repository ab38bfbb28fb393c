import { UserRepository } from './repo/users';

const users = new UserRepository();
users.addUser('Ada@Example.com');
console.log(users.findByEmail('ada@example.com'));
