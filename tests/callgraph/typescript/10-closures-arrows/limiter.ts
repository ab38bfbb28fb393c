type Task<T> = () => T;

export function clamp(value: number, max: number): number {
  return Math.min(value, max);
}

export function makeLimiter(max: number) {
  let used = 0;

  function remaining(): number {
    return max - used;
  }

  const acquire = (cost = 1): boolean => {
    if (remaining() < cost) return false;
    used = clamp(used + cost, max);
    return true;
  };

  return function tryRun<T>(task: Task<T>): T | undefined {
    return acquire() ? task() : undefined;
  };
}
