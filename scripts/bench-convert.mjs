// Prints how long the CLI takes to start and how long loading + converting takes, over the corpus's valid files.
// Usage: npm run build && node scripts/bench-convert.mjs [rounds]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { diskFs } from '../dist/cli/disk-fs.js';
import { convertProject } from '../dist/pipeline.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, '..', 'shared', 'corpus');
const rounds = Number(process.argv[2] ?? 20);
const [header, ...rows] = readFileSync(join(corpus, 'public-manifest.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
const col = (name) => header.indexOf(name);
const cases = rows
  .filter((r) => r[col('expected')] === 'valid')
  .map((r) => (r[col('combine_with')] ? r[col('combine_with')].split(' ') : [r[col('file')]]).map((f) => join(corpus, 'public', f)));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = [];
let units = 0;
for (let i = 0; i < rounds; i++) {
  const t0 = performance.now();
  for (const files of cases) units += convertProject({ files, cwd: dirname(files[0]), env: {}, homeDir: '/home/user' }, {}, diskFs).files?.length ?? 0;
  times.push(performance.now() - t0);
}
console.log(`convert: ${cases.length} corpus projects, ${units / rounds} units per round; median ${median(times).toFixed(1)} ms per round (${(median(times) / cases.length).toFixed(2)} ms per project) over ${rounds} rounds`);

const starts = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  execFileSync(process.execPath, [join(root, 'dist/cli/main.js'), 'validate', '-f', join(root, 'examples/webapp/compose.yaml')]);
  starts.push(performance.now() - t0);
}
console.log(`cli: \`validate\` of examples/webapp as a fresh process, median ${median(starts).toFixed(0)} ms over 7 runs`);
