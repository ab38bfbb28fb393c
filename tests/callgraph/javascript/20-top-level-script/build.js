import { loadConfig, runTask, summarize } from './tasks.js';

function banner(text) {
  return `== ${text} ==`;
}

console.log(banner('build'));
const config = await loadConfig();
const results = [];
for (const target of config.targets) {
  results.push(runTask(target, 1));
}
if (config.retries > 0) {
  console.log(summarize(results));
}
