import { useState } from 'react';
import { TodoList } from './components/TodoList';
import { initialTodos, toggleTodo } from './todos';

export function App() {
  const [todos, setTodos] = useState(initialTodos());

  function toggle(id: number): void {
    setTodos(todos.map((todo) => (todo.id === id ? toggleTodo(todo) : todo)));
  }

  return <TodoList todos={todos} onToggle={toggle} renderEmpty={() => 'nothing to do'} />;
}
