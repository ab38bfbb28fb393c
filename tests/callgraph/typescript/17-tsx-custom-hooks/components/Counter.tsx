import { useCounter } from '../hooks/useCounter';
import { useTitle } from '../hooks/useTitle';

export function Counter({ label }: { label: string }) {
  const { count, increment, reset } = useCounter(5);
  useTitle(`${label}: ${count}`);
  return (
    <div>
      <button onClick={increment}>
        {label}: {count}
      </button>
      <button onClick={() => reset()}>reset</button>
    </div>
  );
}
