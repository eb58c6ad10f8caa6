// Benchmark, not a test (`npm run bench:up`, docs/performance.md "up against systemctl"): how much wall time
// `up` adds to the systemctl and podman calls it makes, as root with system units in a booted bed. Shims first on
// PATH log each call's start and end; overhead = up's wall time - the union of its children's intervals.
// Prints figures; asserts no timing (the machine is shared, so a threshold would only flake).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { isMap, isScalar, parseDocument } from 'yaml';
import { POLL_INTERVAL_MS } from '../../../src/apply/systemctl.js';
import { BED_IMAGE, BED_KINDS, CLI_ENTRY, INSIDE_PATH, type Bed, type BedKind } from '../bed.js';
import { bedSuites, Project, type Actor } from '../scenarios/scenario-kit.js';

const ROUNDS = Number(process.env['C2S_BENCH_ROUNDS'] ?? 5);
const BEDS = (process.env['C2S_BENCH_BEDS'] ?? 'podman5').split(',').filter((k): k is BedKind => (BED_KINDS as readonly string[]).includes(k));
const SHIMS = '/usr/local/lib/c2s-bench';
const LOG = '/var/tmp/c2s-bench.log';
const PATH = `${SHIMS}:${INSIDE_PATH}`;

/** The examples and a 20-service synthetic project, on the bed's busybox image (no registry in the bed). */
const PROJECTS: readonly { readonly name: string; readonly compose: string; readonly upArgs: readonly string[] }[] = [
  { name: 'webapp', compose: readFileSync('examples/webapp/compose.yaml', 'utf8'), upArgs: [] },
  { name: 'podapp', compose: readFileSync('examples/pod/compose.yaml', 'utf8'), upArgs: ['--pod'] },
  { name: 'synthetic', compose: execFileSync('node', ['scripts/synthetic-project.mjs', '20'], { encoding: 'utf8' }), upArgs: [] },
];
/** C2S_BENCH_TRACE=1 prints every call of every up: program, its first words, the gap before it and its time. */
const TRACE = process.env['C2S_BENCH_TRACE'] === '1';
/** C2S_BENCH_PROFILE=DIR: node's CPU profiles of one up without changes of each project and entry, into DIR on the host. */
const PROFILE = process.env['C2S_BENCH_PROFILE'];
/** The installed `compose2systemd` (and the e2e scenarios) run the bundle; main.js is the same program unbundled. */
const ENTRIES = { bin: CLI_ENTRY, main: '/src/dist/cli/main.js' } as const;

/**
 * Keeps every key the CLI plans from (ports, volumes, networks, depends_on, anchors) and swaps what needs a
 * registry or real software: the bed's image, `init` (busybox ignores SIGTERM as PID 1), a long sleep, and a
 * health check that passes at its first run, 1 s in, so the health waits stay short.
 */
function forTheBed(compose: string): string {
  const doc = parseDocument(compose);
  const services = doc.get('services');
  if (!isMap(services)) throw new Error('no services');
  for (const item of services.items) {
    const name = isScalar(item.key) ? String(item.key.value) : '';
    doc.setIn(['services', name, 'image'], BED_IMAGE);
    doc.setIn(['services', name, 'init'], true);
    doc.setIn(['services', name, 'command'], doc.createNode(['sleep', 'infinity'], { flow: true }));
    if (doc.hasIn(['services', name, 'healthcheck'])) {
      doc.setIn(['services', name, 'healthcheck'], doc.createNode({ test: ['CMD', 'true'], interval: '1s', timeout: '3s', retries: 3 }));
    }
  }
  return doc.toString();
}

/**
 * A shim: logs `NAME START_NS END_NS ARGV` and keeps the real program's stdio and exit code. node's takes flags from
 * C2S_NODE_FLAGS (NODE_OPTIONS refuses --cpu-prof).
 */
const shim = (name: string, real: string) => `#!/bin/sh
s=$(date +%s%N)
${real} ${name === 'node' ? '$C2S_NODE_FLAGS ' : ''}"$@"
c=$?
printf '%s %s %s %s\\n' ${name} "$s" "$(date +%s%N)" "$*" >> ${LOG}
exit $c
`;

interface Call {
  readonly prog: string;
  readonly start: number;
  readonly end: number;
  readonly argv: string;
}

/** The shim log, times in ms (epoch). */
async function readCalls(bed: Bed): Promise<Call[]> {
  return (await bed.readFile(LOG))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [prog = '', s = '', e = '', ...argv] = l.split(' ');
      return { prog, start: Number(s) / 1e6, end: Number(e) / 1e6, argv: argv.join(' ') };
    });
}

/** Total length of the union of intervals (children could overlap if the CLI ever ran them in parallel). */
function unionMs(calls: readonly Call[]): number {
  let total = 0;
  let reach = -Infinity;
  for (const c of [...calls].sort((a, b) => a.start - b.start)) {
    if (c.end > reach) total += c.end - Math.max(c.start, reach);
    reach = Math.max(reach, c.end);
  }
  return total;
}

interface ShimCost {
  /** Added by a shimmed call outside the interval it logs (sh start, the first `date`, exit): shows up as overhead. */
  readonly outside: number;
  /** Added inside the logged interval (the second `date`). */
  readonly inside: number;
}

/** 50 calls of `true` directly and through a shim, timed in the bed; median of 5 batches. */
async function measureShim(bed: Bed): Promise<ShimCost> {
  const outside: number[] = [];
  const inside: number[] = [];
  for (let i = 0; i < 5; i++) {
    await bed.writeFile(LOG, '');
    const loop = (cmd: string) => `i=0; while [ $i -lt 50 ]; do ${cmd}; i=$((i+1)); done`;
    const r = await bed.sh(`a=$(date +%s%N); ${loop('/bin/true')}; b=$(date +%s%N); ${loop(`${SHIMS}/true`)}; c=$(date +%s%N); echo $a $b $c`, { check: true });
    const [a = 0, b = 0, c = 0] = r.stdout.trim().split(' ').map((x) => Number(x) / 1e6);
    const logged = (await readCalls(bed)).reduce((t, x) => t + x.end - x.start, 0) / 50;
    const direct = (b - a) / 50;
    outside.push((c - b) / 50 - logged);
    inside.push(logged - direct);
  }
  return { outside: median(outside), inside: median(inside) };
}

/** `node -e 0` in the bed, timed there: 7 runs. */
async function nodeStart(bed: Bed): Promise<number[]> {
  const r = await bed.sh('for i in 1 2 3 4 5 6 7; do a=$(date +%s%N); node -e 0; b=$(date +%s%N); echo $((b-a)); done', { check: true });
  return r.stdout.trim().split('\n').map((x) => Number(x) / 1e6);
}

async function down(p: Project, args: readonly string[]): Promise<void> {
  const r = await p.cli('down', args);
  if (r.code !== 0) throw new Error(`down of ${p.name} exited ${r.code}\n${r.stderr}`);
}

interface Sample {
  readonly wall: number;
  readonly systemctl: number;
  readonly podman: number;
  readonly other: number;
  readonly overhead: number;
  /** up's start to its first child: node start, load, convert, reading the unit folder. */
  readonly head: number;
  /** Between children, without the wait loop's sleeps: file writes, planning, parsing output, spawning. */
  readonly between: number;
  readonly sleep: number;
  /** Last child's end to up's exit. */
  readonly tail: number;
  readonly calls: number;
  /** Last unit of the project becoming active -> up's exit; undefined when nothing became active during up. */
  readonly activeToExit: number | undefined;
}

async function timedUp(p: Project, shimCost: ShimCost): Promise<Sample> {
  await p.bed.writeFile(LOG, '');
  await p.up([], { PATH });
  const logged = await readCalls(p.bed);
  const up = logged.find((c) => c.prog === 'node');
  if (up === undefined) throw new Error('the node shim logged no up');
  if (TRACE) {
    let at = up.start;
    const lines = logged.filter((c) => c !== up).map((c) => {
      const line = `  ${(c.start - at).toFixed(1).padStart(7)} ms gap, ${(c.end - c.start).toFixed(1).padStart(7)} ms  ${c.prog} ${c.argv.split(' ').slice(0, 3).join(' ')}`;
      at = c.end;
      return line;
    });
    console.log([`[bench:up] calls of up ${p.name} (${p.options.entry}), ${(up.end - up.start).toFixed(1)} ms in all`, ...lines, `  ${(up.end - at).toFixed(1).padStart(7)} ms to the exit`].join('\n'));
  }
  // each logged interval holds the shim's second `date`: not the program's time
  const kids = logged.filter((c) => c !== up).map((c) => ({ ...c, end: c.end - shimCost.inside }));
  const end = up.end - shimCost.inside;
  const wall = end - up.start;
  const of = (prog: string | undefined) => unionMs(kids.filter((c) => (prog === undefined ? !['systemctl', 'podman'].includes(c.prog) : c.prog === prog)));
  const lastStart = kids.map((c) => c.prog === 'systemctl' && / start /.test(` ${c.argv} `)).lastIndexOf(true);
  const polls = kids.slice(lastStart + 1).filter((c) => c.prog === 'systemctl' && / show /.test(` ${c.argv} `)).length;
  const sleep = Math.max(0, polls - 1) * POLL_INTERVAL_MS;
  const first = kids[0]?.start ?? end;
  const last = Math.max(...kids.map((c) => c.end), up.start);
  const children = unionMs(kids);
  const shims = kids.length * shimCost.outside;
  const head = first - up.start;
  const tail = end - last;
  const overhead = wall - children - shims;
  // systemd's monotonic clock is the host's (no time namespace in the bed): turn it into epoch ms
  const shown = await p.systemctl(['show', '--property=ActiveEnterTimestampMonotonic', `${p.name}-*`, p.target], true);
  const offset = Date.now() - Number(process.hrtime.bigint()) / 1e6;
  const active = Math.max(...shown.stdout.split('\n').map((l) => Number(l.split('=')[1] ?? 0) / 1000 + offset));
  return {
    wall,
    systemctl: of('systemctl'),
    podman: of('podman'),
    other: of(undefined),
    overhead,
    head,
    between: overhead - head - tail - sleep,
    sleep,
    tail,
    calls: kids.length,
    activeToExit: active > up.start ? end - active : undefined,
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : `${Math.round(x)}`);

function table(kind: BedKind, samples: ReadonlyMap<string, Sample[]>, node: readonly number[], shimCost: ShimCost): string {
  const head = ['case', 'rounds', 'calls', 'up wall', 'systemctl', 'podman', 'other', 'overhead med (min-max)', 'before 1st child', 'between', 'poll sleep', 'after last', 'active -> exit'];
  const rows = [...samples].map(([name, s]) => {
    const med = (f: (x: Sample) => number | undefined) => {
      const xs = s.map(f).filter((x): x is number => x !== undefined);
      return xs.length === 0 ? undefined : median(xs);
    };
    const o = s.map((x) => x.overhead);
    return [name, `${s.length}`, ms(med((x) => x.calls)), ms(med((x) => x.wall)), ms(med((x) => x.systemctl)), ms(med((x) => x.podman)), ms(med((x) => x.other)),
      `${ms(median(o))} (${ms(Math.min(...o))}-${ms(Math.max(...o))})`, ms(med((x) => x.head)), ms(med((x) => x.between)), ms(med((x) => x.sleep)), ms(med((x) => x.tail)), ms(med((x) => x.activeToExit))];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    `[bench:up] ${kind}: times in ms, medians over rounds; overhead = up wall - union of child calls - shim cost`,
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
    `node -e 0 in the bed: median ${ms(median(node))} ms (min ${ms(Math.min(...node))}, max ${ms(Math.max(...node))}, ${node.length} runs)`,
    `shim cost per call: ${shimCost.outside.toFixed(2)} ms outside the logged interval (subtracted from overhead), ${shimCost.inside.toFixed(2)} ms inside (subtracted from the call)`,
  ].join('\n');
}

await bedSuites('test/e2e/bench/up-overhead.bench-e2e.ts', (suite) => {
  suite.scenario(
    `up overhead, ${ROUNDS} rounds`,
    async () => {
      const bed = suite.bed();
      const actor: Actor = suite.root();
      for (const [name, real] of [['systemctl', '/usr/bin/systemctl'], ['podman', '/usr/bin/podman'], ['journalctl', '/usr/bin/journalctl'], ['loginctl', '/usr/bin/loginctl'], ['node', '/usr/local/bin/node'], ['sync', '/bin/sync'], ['true', '/bin/true']] as const) {
        await bed.writeFile(`${SHIMS}/${name}`, shim(name, real), { mode: 0o755 });
      }
      const shimCost = await measureShim(bed);
      const projects = PROJECTS.flatMap((x) => Object.entries(ENTRIES).map(([label, entry]) => ({ ...x, label, p: new Project(actor, x.name, { cliArgs: (verb) => (verb === 'up' ? x.upArgs : []), entry }) })));
      const samples = new Map<string, Sample[]>();
      const add = (key: string, s: Sample) => samples.set(key, [...(samples.get(key) ?? []), s]);
      const node: number[] = [];
      for (const x of projects) await x.p.write(forTheBed(x.compose));
      // rounds outermost, so a change in the machine's load hits every case alike
      for (let round = 0; round < ROUNDS; round++) {
        node.push(...(await nodeStart(bed)));
        for (const { name, label, p } of projects) {
          await down(p, ['--volumes']);
          add(`${name} ${label}: first up`, await timedUp(p, shimCost));
          add(`${name} ${label}: up, no change`, await timedUp(p, shimCost));
          await down(p, []);
          add(`${name} ${label}: up after down`, await timedUp(p, shimCost));
        }
      }
      console.log(table(suite.kind, samples, node, shimCost));
      if (PROFILE !== undefined) {
        // one more up without changes per project and entry, under node's CPU profiler; the profiles go to the host
        for (const { p } of projects) await p.up([], { PATH, C2S_NODE_FLAGS: '--cpu-prof --cpu-prof-interval=100 --cpu-prof-dir=/var/tmp/c2s-prof' });
        cpSync(`${bed.rootfs}/var/tmp/c2s-prof`, PROFILE, { recursive: true });
        console.log(`[bench:up] CPU profiles in ${PROFILE}`);
      }
      // the two entries share each project's folder
      for (const x of projects) if (x.label === 'bin') await x.p.cleanup();
    },
    { timeoutMs: 60 * 60_000 },
  );
}, { beds: BEDS });
