import { logged, withRetry } from './retry';

let failures = 2;

async function flakyFetch(url: string): Promise<string> {
  if (failures-- > 0) throw new Error(`timeout ${url}`);
  return `200 ${url}`;
}

function add(a: number, b: number): number {
  return a + b;
}

const fetchWithRetry = withRetry(flakyFetch, 5);
const loggedAdd = logged('add', add);

async function main(): Promise<void> {
  console.log(await fetchWithRetry('/health'), loggedAdd(2, 3), add(1, 1));
}

main();
