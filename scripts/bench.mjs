// npm run bench: one table of cold-process timings of the built CLI (dist/cli/bin.cjs), all measured in this
// run: medians of several runs, interleaved round by round so that a change in machine load hits every row
// alike, as ratios to `node -e 0` and to the next smaller project. Then the targets of docs/performance.md.
// Usage: node scripts/bench.mjs [--runs N] [--quick] [--timeout S]
//   --quick: no 10,000-service project, no peers; --timeout: seconds one run may take (default 300)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { syntheticProject } from './synthetic-project.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'bin.cjs');
const corpus = join(root, '..', 'shared', 'corpus');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
if (!Number.isInteger(RUNS) || RUNS < 1) fail('--runs takes a whole number >= 1');
const timeoutArg = args.indexOf('--timeout');
const TIMEOUT_S = timeoutArg >= 0 ? Number(args[timeoutArg + 1]) : 300;
if (!(TIMEOUT_S > 0)) fail('--timeout takes a number of seconds > 0');
if (!existsSync(bin)) fail(`${relative(process.cwd(), bin)} is missing: run \`npm ci\` (which builds) or \`npm run build\` first`);

const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p) && spawnSync(p, ['-f', '%M', 'true']).status === 0);
const TIMEOUT = ['/usr/bin/timeout', '/bin/timeout'].find((p) => existsSync(p));
const scratch = mkdtempSync(join(tmpdir(), 'c2s-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const notes = [];
if (!GNU_TIME) notes.push('peak RSS needs GNU time (Debian: apt-get install time); it is n/a here');
if (!TIMEOUT) notes.push('without coreutils timeout, no run is stopped for taking too long');

// ---------------------------------------------------------------------------------------------
// What to measure

/** @typedef {{ group: string, label: string, argv: () => string[], cwd?: string, runs: number, size?: number, mode?: string, floor?: boolean }} Row */
/** @type {Row[]} */
const rows = [];
const node = process.execPath;
const c2s = (...a) => () => [node, bin, ...a];
rows.push({ group: 'baseline', label: 'node -e 0', argv: () => [node, '-e', '0'], runs: RUNS });

const small = []; // [label, files, extra flags] measured cold, and by the peers
for (const name of ['migration', 'pod', 'webapp']) small.push([`examples/${name}`, [join(root, 'examples', name, 'compose.yaml')], name === 'pod' ? ['--pod'] : []]);
for (const [label, files] of corpusPicks()) small.push([label, files, []]);
for (const [label, files, flags] of small) {
  rows.push({ group: 'cold convert', label, argv: c2s('convert', ...files.flatMap((f) => ['-f', f]), ...flags), cwd: dirname(files[0]), runs: RUNS });
}
const typical = join(scratch, 'synthetic-20.yaml');
writeFileSync(typical, syntheticProject(20));
rows.push({ group: 'cold convert', label: 'synthetic, 20 services', argv: c2s('convert', '-f', typical), runs: RUNS });

const sizes = quick ? [100, 1000] : [100, 1000, 10000];
for (const n of sizes) {
  const file = join(scratch, `synthetic-${n}.yaml`);
  writeFileSync(file, syntheticProject(n));
  const runs = n >= 10000 ? Math.min(RUNS, 3) : RUNS;
  let outputs = 0;
  rows.push({ group: 'synthetic', label: `${n} services: config -q`, argv: c2s('config', '-q', '-f', file), runs, size: n, mode: 'config -q' });
  rows.push({ group: 'synthetic', label: `${n} services: convert (stdout)`, argv: c2s('convert', '-f', file), runs, size: n, mode: 'convert' });
  rows.push({ group: 'synthetic', label: `${n} services: convert -o DIR`, argv: () => c2s('convert', '-f', file, '-o', join(scratch, `out-${n}-${outputs++}`))(), runs, size: n, mode: 'convert -o' });
  if (n === 1000) {
    // --podman-version: no podman needed; a dry run only reads, so no systemd needed either.
    rows.push({ group: 'synthetic', label: `${n} services: up --dry-run`, argv: () => c2s('up', '--dry-run', '--podman-version', '5.4', '--unit-dir', join(scratch, `units-${outputs++}`), '-f', file)(), runs, size: n, mode: 'up --dry-run' });
  }
}

// What stands under the 10,000-service convert -o whatever compose2systemd does (scripts/bench-floor.mjs): the
// YAML library's parse of the file, and creating as many files as that convert writes, in a bare loop.
if (!quick) {
  const file = join(scratch, 'synthetic-10000.yaml');
  let copies = 0;
  const floor = (...a) => () => [node, join(root, 'scripts', 'bench-floor.mjs'), ...a];
  rows.push({ group: 'floor', label: '10000 services: the YAML library parses the file', argv: floor('yaml', file), runs: Math.min(RUNS, 3), floor: true });
  // the convert -o row of the same round has written out-10000-<round> by then
  rows.push({ group: 'floor', label: '10000 services: create its files (open/write/close)', argv: () => floor('files', join(scratch, `out-10000-${copies}`), join(scratch, `floor-${copies++}`))(), runs: Math.min(RUNS, 3), floor: true });
}

const PEERS = [
  { name: 'docker-compose', install: 'apt-get install docker-compose', argv: (files) => ['docker-compose', ...files.flatMap((f) => ['-f', f]), 'config'] },
  { name: 'podman-compose', install: 'apt-get install podman-compose', argv: (files) => ['podman-compose', ...files.flatMap((f) => ['-f', f]), '--dry-run', 'up'] },
];
for (const peer of quick ? [] : PEERS) {
  if (!onPath(peer.name)) {
    notes.push(`${peer.name} is not installed, so its rows are skipped (Debian: ${peer.install})`);
    continue;
  }
  for (const [label, files] of small) {
    rows.push({ group: `peer: ${peer.argv(['F']).slice(0, 1).concat(peer.argv(['F']).slice(3)).join(' ')}`, label, argv: () => peer.argv(files), cwd: dirname(files[0]), runs: Math.min(RUNS, 3) });
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

const results = new Map(rows.map((r) => [r, { walls: [], rss: [], failed: undefined }]));
const loadBefore = loadavg();
const started = performance.now();
for (let round = 0; round < RUNS; round++) {
  for (const row of rows) {
    if (round >= row.runs) continue;
    const res = results.get(row);
    if (res.failed) continue;
    const m = measure(row.argv(), row.cwd ?? root);
    if (m.code !== 0) res.failed = `exit ${m.code}${m.stderr ? `: ${m.stderr}` : ''}`;
    else {
      res.walls.push(m.wall);
      if (m.rss !== undefined) res.rss.push(m.rss);
    }
  }
  process.stderr.write(`bench: round ${round + 1} of ${RUNS} done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}
const loadAfter = loadavg();

function measure(argv, cwd) {
  const rssFile = join(scratch, 'rss');
  // coreutils timeout runs under GNU time, so that a run stopped for taking too long leaves no process behind.
  const limited = TIMEOUT ? [TIMEOUT, '-s', 'KILL', String(TIMEOUT_S), ...argv] : argv;
  const command = GNU_TIME ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...limited] : limited;
  const t0 = performance.now();
  const r = spawnSync(command[0], command.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = performance.now() - t0;
  if (TIMEOUT && r.status === 137 && wall >= TIMEOUT_S * 1000) return { code: 137, wall, rss: undefined, stderr: `over ${TIMEOUT_S} s, stopped` };
  const rss = GNU_TIME && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : undefined;
  const stderr = (r.stderr ?? '').split('\n').filter((l) => l && !/^\s*(Command exited|warning)/.test(l))[0]?.slice(0, 80);
  return { code: r.status ?? (r.error ? 127 : 128), wall, rss, stderr };
}

// ---------------------------------------------------------------------------------------------
// The table

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const wallOf = (row) => (results.get(row).walls.length > 0 ? median(results.get(row).walls) : undefined);
const baseline = wallOf(rows[0]);
const fmtMs = (ms) => (ms === undefined ? '-' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const table = [['group', 'case', 'runs', 'wall (median)', 'x node -e 0', 'peak RSS', 'x previous size']];
for (const row of rows) {
  const res = results.get(row);
  const wall = wallOf(row);
  const previous = row.size ? rows.find((r) => r.mode === row.mode && r.size === row.size / 10) : undefined;
  table.push([
    row.group,
    row.label,
    String(res.walls.length),
    res.failed ? `failed (${res.failed})` : fmtMs(wall),
    wall !== undefined && baseline ? `${(wall / baseline).toFixed(2)}x` : '-',
    res.rss.length > 0 ? `${Math.max(...res.rss).toFixed(0)} MB` : '-',
    previous && wallOf(previous) && wall !== undefined ? `${(wall / wallOf(previous)).toFixed(1)}x` : '',
  ]);
}
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => (i >= 2 && i !== 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
console.log(`compose2systemd ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}, Node ${process.versions.node}, ${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}, Linux ${release()}`);
console.log(`load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after; ${RUNS} rounds in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
console.log(line(table[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of table.slice(1)) console.log(line(r));

// ---------------------------------------------------------------------------------------------
// Targets (docs/performance.md)

const find = (mode, size) => rows.find((r) => r.mode === mode && r.size === size);
const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
const typicalRatios = rows.filter((r) => r.group === 'cold convert').map((r) => wallOf(r) / baseline).filter(Number.isFinite);
const worstTypical = typicalRatios.length > 0 ? Math.max(...typicalRatios) : undefined;
console.log('\nTargets:');
console.log(`- a typical project (up to 20 services) converts cold in <= 1.5x node -e 0: worst ${worstTypical?.toFixed(2) ?? '-'}x, ${verdict(worstTypical === undefined ? undefined : worstTypical <= 1.5)}`);
const big = find('convert -o', 10000);
const bigWall = big && wallOf(big);
const bigRss = big && results.get(big).rss.length > 0 ? Math.max(...results.get(big).rss) : undefined;
console.log(`- 10,000 services convert -o in <= 2 s and <= 300 MB: ${fmtMs(bigWall)}, ${bigRss === undefined ? 'RSS n/a' : `${bigRss.toFixed(0)} MB`}, ${verdict(bigWall === undefined ? undefined : bigWall <= 2000 && (bigRss === undefined || bigRss <= 300))}`);
const floors = rows.filter((r) => r.floor).map(wallOf);
if (floors.length > 0) console.log(`  floors under it (node's start included): ${floors.map(fmtMs).join(' + ')} = ${fmtMs(floors.reduce((t, x) => t + (x ?? NaN), 0))}`);
for (const mode of ['config -q', 'convert', 'convert -o']) {
  const a = find(mode, 1000);
  const b = find(mode, 10000);
  const ratio = a && b && wallOf(b) / wallOf(a);
  console.log(`- ${mode}: 10,000 services in <= 12x the time of 1,000: ${Number.isFinite(ratio) ? `${ratio.toFixed(1)}x, ${verdict(ratio <= 12)}` : 'not measured'}`);
}
console.log('- up adds <= 100 ms to what systemctl itself takes: measured by `npm run bench:up` in a booted e2e bed, not here (see docs/performance.md, "up against systemctl")');
if (notes.length > 0) console.log(`\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}`);

// ---------------------------------------------------------------------------------------------

/** A small, the most services (the corpus has no file of 20) and the largest valid file of the corpus. */
function corpusPicks() {
  const manifest = join(corpus, 'public-manifest.tsv');
  if (!existsSync(manifest)) {
    notes.push(`no corpus at ${corpus}: its rows are skipped`);
    return [];
  }
  const [header, ...lines] = readFileSync(manifest, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = (name) => header.indexOf(name);
  const valid = lines
    .filter((r) => r[col('expected')] === 'valid' && !r[col('combine_with')])
    .map((r) => ({ file: join(corpus, 'public', r[col('file')]), services: Number(r[col('n_services')]), name: `${r[col('repo')]}: ${r[col('file')].split('/').pop()}` }))
    .map((r) => ({ ...r, bytes: statSync(r.file).size }));
  const by = (f) => [...valid].sort((a, b) => f(a, b) || (a.name < b.name ? -1 : 1))[0];
  const smallest = by((a, b) => a.bytes - b.bytes);
  const most = by((a, b) => Math.abs(a.services - 20) - Math.abs(b.services - 20) || b.bytes - a.bytes);
  const largest = by((a, b) => b.bytes - a.bytes);
  if (most.services !== 20) notes.push(`the corpus has no 20-service file; the closest has ${most.services} services`);
  const picks = new Map();
  for (const [what, r] of [['smallest', smallest], [`${most.services} services`, most], ['largest', largest]]) {
    if (!picks.has(r.file)) picks.set(r.file, [`corpus, ${what}: ${r.name} (${r.bytes} B)`, [r.file]]);
  }
  return [...picks.values()];
}

function onPath(program) {
  return spawnSync('sh', ['-c', 'command -v "$0"', program], { stdio: 'ignore' }).status === 0;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}
