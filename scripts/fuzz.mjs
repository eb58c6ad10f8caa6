// Mutation fuzzer: mutates the files of ../shared/corpus and runs config, validate and convert on each mutant
// in-process (the built CLI in dist/), checking that every failure is a coded diagnostic with exit 1 and that
// nothing throws, prints a stack trace or exits 3. Cases run in child processes, so a crash, a hang or running
// out of memory is a finding too. Each finding's input (shrunk where possible) is saved under --out.
//
// Usage: npm run fuzz -- [--count N] [--seed S] [--from I] [--jobs J] [--out DIR] [--no-save] [--verbose]
//        npm run fuzz -- --seed S --case I [--print]     one case: what it did, its exits, its findings
import { createHash } from 'node:crypto';
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { COMMANDS, FULL_EVERY, generateCase, loadCorpus, runCase, runOne, signatureOf } from './fuzz/fuzz-case.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');

const { values: opts } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    from: { type: 'string', default: '0' },
    case: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'test', 'fuzz', 'findings') },
    'no-save': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    print: { type: 'boolean', default: false },
    chunk: { type: 'string', default: '2000' },
    jobs: { type: 'string', default: '1' },
    'case-timeout': { type: 'string', default: '60000' },
    'max-old-space': { type: 'string', default: '2048' },
    worker: { type: 'boolean', default: false },
    to: { type: 'string' },
  },
});

async function loadCli() {
  const dist = (p) => pathToFileURL(join(ROOT, 'dist', p)).href;
  if (!existsSync(join(ROOT, 'dist', 'cli', 'program.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run fuzz does)');
  const { runCli } = await import(dist('cli/program.js'));
  const { catalogue } = await import(dist('diagnostics/catalogue.js'));
  return { runCli, knownCodes: new Set(catalogue.map((c) => c.id)) };
}

// ---- worker: runs cases [from, to) and reports each to the parent ----------------------------------------

async function worker() {
  const cli = await loadCli();
  const corpus = loadCorpus(CORPUS);
  const seen = new Set();
  let current = -1;
  const fatal = (kind, error) => {
    process.send({ type: 'fatal', index: current, kind, message: String(error?.stack ?? error).split('\n').slice(0, 3).join(' | ') });
    process.exit(70);
  };
  process.on('uncaughtException', (e) => fatal('uncaught-exception', e));
  process.on('unhandledRejection', (e) => fatal('unhandled-rejection', e));
  for (let i = Number(opts.from); i < Number(opts.to); i++) {
    current = i;
    process.send({ type: 'start', index: i });
    const c = generateCase(corpus, opts.seed, i);
    const result = await runCase(cli, corpus, c);
    const findings = [];
    for (const f of result.findings) {
      const signature = signatureOf(f);
      const entry = { ...f, signature };
      if (!seen.has(signature)) {
        seen.add(signature);
        const small = await minimize(cli, corpus, c, f, signature);
        entry.input = small.toString('base64');
        entry.minimized = small.length < c.bytes.length;
      }
      findings.push(entry);
    }
    process.send({
      type: 'done',
      index: i,
      target: c.target,
      project: c.project,
      ops: c.ops,
      size: c.bytes.length,
      runs: result.runs.map((r) => ({ command: r.command, code: r.code, ms: r.ms })),
      findings,
    });
  }
  process.exit(0);
}

/** Drops lines, then halves long lines, while the same finding still reproduces (bounded number of tries). */
async function minimize(cli, corpus, c, finding, signature) {
  const single = COMMANDS.find((cmd) => cmd.join(' ') === finding.command);
  const reproduces = async (bytes) => {
    const trial = { ...c, bytes };
    const found = single ? (await runOne(cli, corpus, trial, single)).findings : (await runCase(cli, corpus, trial, true)).findings;
    return found.some((f) => signatureOf(f) === signature);
  };
  let budget = 250;
  let lines = c.bytes.toString('latin1').split('\n');
  const join = (ls) => Buffer.from(ls.join('\n'), 'latin1');
  for (let size = Math.ceil(lines.length / 2); size >= 1 && budget > 0; size = size === 1 ? 0 : Math.ceil(size / 2)) {
    for (let start = 0; start < lines.length && budget > 0; ) {
      const trial = [...lines.slice(0, start), ...lines.slice(start + size)];
      budget--;
      if (trial.length > 0 && (await reproduces(join(trial)))) lines = trial;
      else start += size;
    }
  }
  for (;;) {
    if (budget-- <= 0) break;
    const longest = lines.reduce((best, l, i) => (l.length > lines[best].length ? i : best), 0);
    if (lines[longest].length <= 200) break;
    const trial = [...lines];
    trial[longest] = trial[longest].slice(0, Math.ceil(trial[longest].length / 2));
    if (!(await reproduces(join(trial)))) break;
    lines = trial;
  }
  return join(lines);
}

// ---- parent: chunks of cases in child processes, findings printed and saved ----------------------------

function savedSignatures(dir) {
  if (!existsSync(dir)) return new Set();
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).findings.map((x) => x.signature)),
  );
}

function save(dir, meta, bytes) {
  const id = createHash('sha256').update(meta.target).update('\0').update(bytes).digest('hex').slice(0, 12);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.yaml`), bytes);
  writeFileSync(join(dir, `${id}.json`), JSON.stringify({ id, ...meta }, null, 2) + '\n');
  return id;
}

async function parent() {
  const count = Number(opts.count);
  const from = Number(opts.from);
  const end = from + count;
  const chunk = Number(opts.chunk);
  const caseTimeout = Number(opts['case-timeout']);
  const corpus = loadCorpus(CORPUS);
  const saved = opts['no-save'] ? new Set() : savedSignatures(opts.out);
  console.log(`fuzz: seed ${JSON.stringify(opts.seed)}, cases ${from}..${end - 1} (${count}), ${corpus.projects.length} corpus projects, ${corpus.targets.length} mutation targets`);
  console.log(`fuzz: every ${FULL_EVERY}th case runs ${COMMANDS.map((c) => c.join(' ')).join(', ')}; the others validate --format json and one of them in turn; findings ${opts['no-save'] ? 'are not saved' : `go to ${relative(process.cwd(), opts.out) || '.'}`}`);
  const started = Date.now();
  const stats = { cases: 0, runs: 0, ops: new Map(), exits: new Map(), slowest: { ms: 0 }, bySignature: new Map() };
  const findings = [];

  const record = (meta, f) => {
    const n = (stats.bySignature.get(f.signature) ?? 0) + 1;
    stats.bySignature.set(f.signature, n);
    findings.push(f);
    if (n > 1) return;
    let where = '';
    if (!opts['no-save'] && !saved.has(f.signature) && f.input !== undefined) {
      const id = save(opts.out, { seed: opts.seed, case: meta.index, project: meta.project, target: meta.target, ops: meta.ops, minimized: Boolean(f.minimized), findings: [{ kind: f.kind, command: f.command, message: f.message, signature: f.signature }] }, Buffer.from(f.input, 'base64'));
      saved.add(f.signature);
      where = ` -> saved ${id}.yaml`;
    }
    console.log(`FINDING case ${meta.index} [${f.kind}] ${f.command}: ${f.message}\n  target ${meta.target}; ops ${meta.ops?.join(', ')}${where}`);
  };

  // Chunks of cases, each run in a child process; --jobs lanes take chunks in parallel.
  const queue = [];
  for (let a = from; a < end; a += chunk) queue.push([a, Math.min(end, a + chunk)]);
  const runChunk = async (first, to) => {
    let next = first;
    while (next < to) {
      const child = fork(fileURLToPath(import.meta.url), ['--worker', '--seed', opts.seed, '--from', String(next), '--to', String(to)], {
        execArgv: [`--max-old-space-size=${opts['max-old-space']}`],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      let current = -1;
      let startedAt = Date.now();
      let fatal;
      const watchdog = setInterval(() => {
        if (current >= 0 && Date.now() - startedAt > caseTimeout) {
          fatal = { kind: 'timeout', message: `case ran longer than ${caseTimeout} ms` };
          child.kill('SIGKILL');
        }
      }, 1000);
      child.on('message', (m) => {
        if (m.type === 'start') {
          current = m.index;
          startedAt = Date.now();
        } else if (m.type === 'fatal') {
          fatal = { kind: m.kind, message: m.message };
        } else if (m.type === 'done') {
          current = -1;
          done(m);
        }
      });
      const exit = await new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
      clearInterval(watchdog);
      if (current >= 0) {
        // the child died inside a case: out of memory, a hang, or an error outside any command
        const c = generateCase(corpus, opts.seed, current);
        const f = { kind: fatal?.kind ?? 'crash', command: 'worker', message: fatal?.message ?? `worker exited (code ${exit.code}, signal ${exit.signal})` };
        f.signature = signatureOf(f);
        f.input = c.bytes.toString('base64');
        stats.cases++;
        record({ index: current, target: c.target, project: c.project, ops: c.ops }, f);
        next = current + 1;
      } else if (exit.code !== 0) {
        throw new Error(`fuzz worker failed outside a case (exit ${exit.code}, signal ${exit.signal})`);
      } else {
        next = to;
      }
    }
  };
  const done = (m) => {
    stats.cases++;
    stats.runs += m.runs.length;
    for (const op of m.ops) {
      const name = op.replace(/[@\d].*$/, '');
      stats.ops.set(name, (stats.ops.get(name) ?? 0) + 1);
    }
    for (const r of m.runs) {
      const key = `${r.command} -> ${r.code}`;
      stats.exits.set(key, (stats.exits.get(key) ?? 0) + 1);
      if (r.ms > stats.slowest.ms) stats.slowest = { ms: r.ms, index: m.index, command: r.command, size: m.size };
    }
    if (opts.verbose) console.log(`case ${m.index}: ${m.target} [${m.ops.join(', ')}] ${m.size} bytes -> ${m.runs.map((r) => r.code).join(' ')}`);
    for (const f of m.findings) record(m, f);
    if (stats.cases % 1000 === 0) console.error(`fuzz: ${stats.cases}/${count} cases, ${findings.length} findings, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };
  const lane = async () => {
    while (queue.length > 0) {
      const [a, b] = queue.shift();
      await runChunk(a, b);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(opts.jobs)) }, lane));

  const seconds = (Date.now() - started) / 1000;
  console.log(`\nfuzz: ran ${stats.cases} cases (${stats.runs} CLI runs) in ${seconds.toFixed(1)} s, seed ${JSON.stringify(opts.seed)}, cases ${from}..${end - 1}`);
  console.log(`operators applied: ${[...stats.ops].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`exit codes: ${[...stats.exits].sort().map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  if (stats.slowest.index !== undefined) console.log(`slowest run: ${stats.slowest.ms.toFixed(0)} ms (${stats.slowest.command}, case ${stats.slowest.index}, ${stats.slowest.size} bytes)`);
  console.log(`findings: ${findings.length} (${stats.bySignature.size} distinct)`);
  for (const [sig, n] of stats.bySignature) console.log(`  ${n} x ${sig}`);
  process.exitCode = findings.length > 0 ? 1 : 0;
}

async function single() {
  const cli = await loadCli();
  const corpus = loadCorpus(CORPUS);
  const c = generateCase(corpus, opts.seed, Number(opts.case));
  if (opts.print) {
    process.stdout.write(c.bytes);
    return;
  }
  console.log(`case ${c.index} of seed ${JSON.stringify(c.seed)}: project ${c.project.join(' + ')}; mutated ${c.target} (${c.bytes.length} bytes): ${c.ops.join(', ')}`);
  const result = await runCase(cli, corpus, c, true);
  for (const r of result.runs) console.log(`  ${r.command}: exit ${r.code} in ${r.ms.toFixed(1)} ms`);
  for (const f of result.findings) console.log(`FINDING [${f.kind}] ${f.command}: ${f.message}`);
  process.exitCode = result.findings.length > 0 ? 1 : 0;
}

if (opts.worker) await worker();
else if (opts.case !== undefined) await single();
else await parent();
