import * as validation from './validation';
import { rules } from './validation';

const results = validation.validate('ada@example', 12);
console.log(results.filter((r) => !r.ok).length, rules.ok(), validation.rules.fail('x'));
