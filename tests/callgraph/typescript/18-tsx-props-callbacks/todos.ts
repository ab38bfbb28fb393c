export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

export function initialTodos(): Todo[] {
  return [
    { id: 1, title: 'write tests', done: false },
    { id: 2, title: 'ship', done: false },
  ];
}

export function toggleTodo(todo: Todo): Todo {
  return { ...todo, done: !todo.done };
}

export function describeTodo(todo: Todo): string {
  return `${todo.done ? '[x]' : '[ ]'} ${todo.title}`;
}
