export type AsyncFn<A extends unknown[], R> = (...args: A) => Promise<R>;

function backoff(attempt: number): number {
  return 2 ** attempt * 10;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function withRetry<A extends unknown[], R>(fn: AsyncFn<A, R>, attempts = 3): AsyncFn<A, R> {
  return async function retried(...args: A): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn(...args);
      } catch (err) {
        if (attempt + 1 >= attempts) throw err;
        await sleep(backoff(attempt));
      }
    }
  };
}

export const logged =
  <A extends unknown[], R>(name: string, fn: (...args: A) => R) =>
  (...args: A): R => {
    console.log(`call ${name}`);
    return fn(...args);
  };
