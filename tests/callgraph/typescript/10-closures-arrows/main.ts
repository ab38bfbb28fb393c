import { makeLimiter } from './limiter';

function main(): void {
  const limited = makeLimiter(2);
  const hello = () => 'hello';
  const results = [limited(hello), limited(hello), limited(hello)];
  console.log(results, hello());
}

main();
