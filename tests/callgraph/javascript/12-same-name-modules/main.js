import { dump } from './formats/json.js';
import { load as loadCsv } from './importers/csvImport.js';
import { load as loadJson } from './importers/jsonImport.js';

function parse(argv) {
  return { verbose: argv.includes('-v') };
}

function main() {
  const options = parse(process.argv.slice(2));
  const rows = [...loadCsv('name,qty\npen,2\ncup,1'), ...loadJson('{"rows": [["mug", "3"]]}')];
  console.log(options.verbose ? dump(rows) : rows.length);
}

main();
