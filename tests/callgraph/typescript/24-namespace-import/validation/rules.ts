export type Result = { ok: true } | { ok: false; error: string };

export function ok(): Result {
  return { ok: true };
}

export function fail(error: string): Result {
  return { ok: false, error };
}

export function isEmail(value: string): Result {
  return /^[^@\s]+@[^@\s]+$/.test(value) ? ok() : fail(`not an email: ${value}`);
}

export function minLength(value: string, min: number): Result {
  return value.length >= min ? ok() : fail(`shorter than ${min}`);
}
