export type Pair = [string, string];

export function parse(text: string): Pair[] {
  return text.split('&').map((part) => {
    const [key, value = ''] = part.split('=');
    return [key, value] as Pair;
  });
}

export function load<T>(text: string, parse: (t: string) => T = JSON.parse): T {
  return parse(text);
}

export function loadPairs(text: string): Record<string, string> {
  return Object.fromEntries(parse(text));
}

export function format(pairs: Pair[]): string {
  return pairs.map(([k, v]) => `${k}=${v}`).join(', ');
}
