// The floors under a large `convert -o` that no change in compose2systemd removes, for `npm run bench`:
//   node scripts/bench-floor.mjs yaml FILE     the YAML library parsing FILE as the loader asks it to
//   node scripts/bench-floor.mjs files FROM TO  creating in TO a file of 1,400 bytes (about a unit file's size)
//                                               for each name in FROM, with open/write/close and nothing else:
//                                               no temp name, no rename, no fsync
// Each prints nothing; the benchmark times the process, so node's own start is part of the figure.
import { closeSync, constants, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { YAML_PARSE_OPTIONS } from '../dist/load/parse.js';

const [what, a, b] = process.argv.slice(2);
if (what === 'yaml' && a) {
  parseAllDocuments(readFileSync(a, 'utf8'), YAML_PARSE_OPTIONS);
} else if (what === 'files' && a && b) {
  const names = readdirSync(a);
  const content = Buffer.alloc(1400, '#');
  mkdirSync(b);
  for (const name of names) {
    const fd = openSync(join(b, name), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    writeSync(fd, content);
    closeSync(fd);
  }
} else {
  console.error('usage: bench-floor.mjs yaml FILE | files FROM TO');
  process.exit(2);
}
