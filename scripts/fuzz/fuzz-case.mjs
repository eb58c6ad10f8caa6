// One fuzz case: the corpus (../shared/corpus) read into memory, a case generated from (seed, index) by mutating one
// of a project's files, the CLI run in-process on it (config, validate, convert; text and --format json), and the
// checks every run must pass. Shared by scripts/fuzz.mjs (against dist/) and the vitest sample (against src/).
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { mutate } from './mutations.mjs';
import { caseRng } from './prng.mjs';

/** Where the corpus appears to the CLI: an in-memory file system, so nothing is read or written on disk. */
export const ROOT = '/corpus/public';

export const COMMANDS = [
  ['config'],
  ['config', '--format', 'json'],
  ['validate'],
  ['validate', '--format', 'json'],
  ['convert'],
  ['convert', '--format', 'json'],
];

/** Reads the manifest and every file it lists; projects are its non-aux rows, targets the files a case may mutate. */
export function loadCorpus(corpusDir) {
  const [header, ...rows] = readFileSync(join(corpusDir, 'public-manifest.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
  const col = (row, name) => row[header.indexOf(name)] ?? '';
  const files = new Map();
  for (const row of rows) files.set(col(row, 'file'), readFileSync(join(corpusDir, 'public', col(row, 'file'))));
  const projects = [];
  const targets = [];
  for (const row of rows) {
    const expected = col(row, 'expected');
    if (expected === 'aux' || expected === '') continue;
    const combined = col(row, 'combine_with').split(' ').filter(Boolean);
    const projectFiles = combined.length > 0 ? combined : [col(row, 'file')];
    const key = projectFiles.join(' ');
    if (projects.some((p) => p.files.join(' ') === key)) continue;
    const project = { files: projectFiles, expected };
    projects.push(project);
    // its own files, and the env files beside its first file (.env is read by the loader, others by env_file)
    const dir = posix.dirname(projectFiles[0]);
    const beside = [...files.keys()].filter((f) => posix.dirname(f) === dir && /(^|\/)\.env$|\.env$/.test(f));
    for (const target of [...projectFiles, ...beside]) targets.push({ project, target });
  }
  const donors = [...files.values()].map((b) => b.toString('latin1'));
  return { files, projects, targets, donors };
}

/** The case of `index` under `seed`: which project, which file, the operators applied and the mutated bytes. */
export function generateCase(corpus, seed, index) {
  const rng = caseRng(seed, index);
  const { project, target } = rng.pick(corpus.targets);
  const original = corpus.files.get(target).toString('latin1');
  const { text, ops } = mutate(original, rng, corpus.donors);
  return { seed, index, project: project.files, target, ops, bytes: Buffer.from(text, 'latin1') };
}

/** A LoaderFs over the corpus with one file replaced. */
export function caseFs(corpus, target, bytes) {
  const path = (rel) => `${ROOT}/${rel}`;
  const overrides = new Map([[path(target), bytes]]);
  const lookup = (p) => overrides.get(p) ?? (p.startsWith(ROOT + '/') ? corpus.files.get(p.slice(ROOT.length + 1)) : undefined);
  return { readFile: (p) => lookup(p), isFile: (p) => lookup(p) !== undefined };
}

// A line of a JavaScript stack trace: `    at fn (file:///x.js:1:2)`, `    at node:internal/...:1:2`.
const STACK_FRAME = /\n\s+at (?:[^\n]*\()?(?:file:\/\/|node:|\/)[^\n]*:\d+:\d+\)?/;
const CODE = /^C\d{3}$/;

/**
 * Runs one command in-process and checks it. `cli` = { runCli, knownCodes }. Returns the run and its findings:
 * an exception or exit 3, a stack trace, an exit code other than 0/1, a failure without a coded error, a success
 * with an error, unparseable JSON, a code missing from the catalogue.
 */
export async function runOne(cli, corpus, c, command) {
  const files = c.project.map((f) => `${ROOT}/${f}`);
  const args = [...command, ...files.flatMap((f) => ['-f', f])];
  let stdout = '';
  let stderr = '';
  const findings = [];
  const name = command.join(' ');
  const started = performance.now();
  let code;
  try {
    code = await cli.runCli(args, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: {},
      cwd: dirname(files[0]),
      homeDir: '/home/fuzz',
      isTTY: false,
      readStdin: () => '',
      fs: caseFs(corpus, c.target, c.bytes),
    });
  } catch (error) {
    findings.push({ kind: 'exception', command: name, message: String(error?.stack ?? error).split('\n').slice(0, 2).join(' ') });
    return { command: name, code: -1, ms: performance.now() - started, findings };
  }
  const ms = performance.now() - started;
  const add = (kind, message) => findings.push({ kind, command: name, message });
  if (code === 3) add('internal-error', (stderr.split('\n').find((l) => l.startsWith('internal error')) ?? stderr).slice(0, 300));
  else if (code !== 0 && code !== 1) add('exit-code', `exit ${code}: ${stderr.slice(0, 200)}`);
  if (STACK_FRAME.test(stdout) || STACK_FRAME.test(stderr)) add('stack-trace', (stderr.match(STACK_FRAME)?.[0] ?? stdout.match(STACK_FRAME)?.[0] ?? '').trim());
  if (code === 0 || code === 1) {
    let codes;
    if (command.includes('json')) {
      try {
        codes = JSON.parse(stdout).diagnostics.map((d) => ({ code: d.code, severity: d.severity }));
      } catch {
        add('bad-json', `stdout is not JSON with diagnostics: ${stdout.slice(0, 120)}`);
      }
    } else {
      codes = [...stderr.matchAll(/^(error|warning)\[([^\]]*)\]/gm)].map((m) => ({ code: m[2], severity: m[1] }));
    }
    if (codes) {
      const errors = codes.filter((d) => d.severity === 'error');
      if (code === 1 && errors.length === 0) add('uncoded-failure', `exit 1 without a coded error: ${(stderr || stdout).slice(0, 200)}`);
      if (code === 0 && errors.length > 0) add('error-but-ok', `exit 0 with ${errors.map((e) => e.code).join(', ')}`);
      for (const d of codes) if (!CODE.test(d.code) || !cli.knownCodes.has(d.code)) add('unknown-code', `code ${d.code} is not in the catalogue`);
    }
  }
  return { command: name, code, ms, findings };
}

/** Every FULL_EVERY-th case runs all six commands and the checks between them; the others run two. */
export const FULL_EVERY = 8;

/**
 * The commands of a case, then the checks between them. A full case runs all six and checks that text and JSON
 * agree, config and validate agree, and convert never accepts what validate refuses. Other cases (to cover more
 * inputs in the same time) run `validate --format json` and one more command in turn; convert only after the
 * loader accepted the input, since it stops where validate stops.
 */
export async function runCase(cli, corpus, c, full = c.index % FULL_EVERY === 0) {
  const runs = [];
  if (!full) {
    runs.push(await runOne(cli, corpus, c, ['validate', '--format', 'json']));
    const turn = Math.floor(c.index / FULL_EVERY) % 4;
    const second = turn === 0 ? ['config'] : turn === 1 ? ['config', '--format', 'json'] : runs[0].code !== 0 ? ['validate'] : turn === 2 ? ['convert'] : ['convert', '--format', 'json'];
    runs.push(await runOne(cli, corpus, c, second));
    const findings = runs.flatMap((r) => r.findings);
    if (second[0] === 'config' && runs[1].code !== runs[0].code && runs[1].code !== 3 && runs[0].code !== 3) {
      findings.push({ kind: 'disagreement', command: `validate --format json / ${second.join(' ')}`, message: `config and validate disagree: exit ${runs[0].code} vs ${runs[1].code}` });
    }
    return { runs, findings };
  }
  for (const command of COMMANDS) runs.push(await runOne(cli, corpus, c, command));
  const findings = runs.flatMap((r) => r.findings);
  const exit = (name) => runs.find((r) => r.command === name)?.code;
  const agree = (a, b, why) => {
    if (exit(a) !== exit(b) && exit(a) !== 3 && exit(b) !== 3) findings.push({ kind: 'disagreement', command: `${a} / ${b}`, message: `${why}: exit ${exit(a)} vs ${exit(b)}` });
  };
  agree('config', 'config --format json', 'text and JSON disagree');
  agree('validate', 'validate --format json', 'text and JSON disagree');
  agree('convert', 'convert --format json', 'text and JSON disagree');
  agree('config', 'validate', 'config and validate disagree');
  if (exit('validate') === 1 && exit('convert') === 0) findings.push({ kind: 'disagreement', command: 'validate / convert', message: 'convert succeeds where validate refuses' });
  return { runs, findings };
}

/** Groups findings that are the same bug: kind and message with numbers and quoted names blurred. */
export function signatureOf(finding) {
  return `${finding.kind}: ${finding.message.replace(/file:\/\/\S+/g, 'FILE').replace(/`[^`]*`/g, '`…`').replace(/\d+/g, 'N').slice(0, 160)}`;
}
