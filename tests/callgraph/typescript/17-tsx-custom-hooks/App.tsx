import { Counter } from './components/Counter';
import { formatTitle } from './hooks/useTitle';

export function App() {
  return (
    <section aria-label={formatTitle('home')}>
      <Counter label="clicks" />
    </section>
  );
}
