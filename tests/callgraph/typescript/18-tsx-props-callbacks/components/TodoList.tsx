import { Todo, describeTodo } from '../todos';

interface ItemProps {
  todo: Todo;
  onToggle: (id: number) => void;
}

function TodoItem({ todo, onToggle }: ItemProps) {
  const label = describeTodo(todo);
  return <li onClick={() => onToggle(todo.id)}>{label}</li>;
}

interface ListProps {
  todos: Todo[];
  onToggle: (id: number) => void;
  renderEmpty?: () => string;
}

export function TodoList({ todos, onToggle, renderEmpty }: ListProps) {
  if (todos.length === 0 && renderEmpty) {
    return <p>{renderEmpty()}</p>;
  }
  return (
    <ul>
      {todos.map((todo) => (
        <TodoItem key={todo.id} todo={todo} onToggle={onToggle} />
      ))}
    </ul>
  );
}
