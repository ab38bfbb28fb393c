import * as rules from './rules';

export function validate(value: string, min: number): rules.Result[] {
  return [rules.isEmail(value), rules.minLength(value, min)];
}

export { rules };
