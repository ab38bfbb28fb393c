export type Handler = (args: string[]) => string;

export function echo(args: string[]): string {
  return args.join(' ');
}

export function upper(args: string[]): string {
  return echo(args).toUpperCase();
}

export const registry: Record<string, Handler> = { echo, upper };

export function runCommand(name: string, args: string[]): string {
  const handler = registry[name];
  return handler ? handler(args) : `unknown command ${name}`;
}
