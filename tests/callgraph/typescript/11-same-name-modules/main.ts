import { dump } from './formats/csv';
import { load as loadCsv } from './importers/csvImporter';
import { load as loadJson } from './importers/jsonImporter';

function parse(args: string[]): { verbose: boolean } {
  return { verbose: args.includes('-v') };
}

function main(args: string[]): void {
  const options = parse(args);
  const rows = [...loadCsv('name,qty\npen,2'), ...loadJson('{"rows": [["mug", "3"]]}')];
  console.log(options.verbose ? dump(rows) : rows.length);
}

main(['-v']);
