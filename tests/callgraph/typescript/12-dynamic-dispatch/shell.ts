import { registry, runCommand } from './commands';

class Shell {
  private history: string[] = [];

  cmdHistory(): string {
    return this.history.join(', ');
  }

  cmdClear(): string {
    this.history = [];
    return 'cleared';
  }

  execute(line: string): string {
    this.history.push(line);
    const [name, ...args] = line.split(' ');
    const builtin = `cmd${name[0].toUpperCase()}${name.slice(1)}` as 'cmdHistory' | 'cmdClear';
    if (builtin in this) {
      return this[builtin]();
    }
    return runCommand(name, args);
  }
}

const shell = new Shell();
for (const line of ['echo hi there', 'upper loud', 'history', 'clear']) {
  console.log(shell.execute(line));
}
console.log(registry['echo'](['direct']));
