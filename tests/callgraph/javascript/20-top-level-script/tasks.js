export async function loadConfig() {
  return { retries: 2, targets: ['lint', 'test', 'build'] };
}

export function runTask(name, attempt) {
  return `${name}#${attempt}: ok`;
}

export function summarize(results) {
  return results.join('\n');
}
