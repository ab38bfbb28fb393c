export type Settings = Record<string, string>;

function splitLine(line: string): [string, string] | null {
  const index = line.indexOf('=');
  return index < 0 ? null : [line.slice(0, index).trim(), line.slice(index + 1).trim()];
}

export function parse(text: string): Settings {
  const out: Settings = {};
  for (const line of text.split('\n')) {
    const pair = splitLine(line);
    if (pair) out[pair[0]] = pair[1];
  }
  return out;
}

export function merge(base: Settings, override: Settings): Settings {
  return { ...base, ...override };
}
