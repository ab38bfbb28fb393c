import { useState } from 'react';

function clampCount(value: number, max: number): number {
  return Math.max(0, Math.min(value, max));
}

export function useCounter(initial = 0, max = 10) {
  const [count, setCount] = useState(initial);
  const increment = () => setCount((current) => clampCount(current + 1, max));
  const reset = () => setCount(clampCount(initial, max));
  return { count, increment, reset };
}
