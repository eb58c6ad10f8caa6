// Hostile inputs end in a clear coded error within a fixed bound: each bomb runs the built CLI in a child process
// with a small V8 heap (--max-old-space-size) and a generous time limit, so running out of memory or time fails the
// test instead of the machine. The limits are documented in docs/diagnostics.md (C107, C119, C301, C307).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'main.js');
const root = mkdtempSync(join(tmpdir(), 'c2s-bombs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Heap for one run: the CLI's own code and a small project need about 60 MB. */
const HEAP_MB = 160;
/** Far above what any bomb takes (a few seconds on a loaded 2-core machine): a hang or a blow-up fails. */
const TIME_LIMIT_MS = 45_000;

interface Run {
  code: number | null;
  signal: string | null;
  codes: string[];
  messages: string[];
  stderr: string;
}

function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * The largest file the limits admit (8 MiB, up to 20,000 services) is parsed whole before its services are counted;
 * the yaml parser's document of 2 MB of services needs about 400 MB. Only the runs that parse such a file get it.
 */
const LARGE_HEAP_MB = 512;
const LARGE_TIME_LIMIT_MS = 100_000;

function validate(dir: string, file = 'compose.yaml', heapMb = HEAP_MB, timeLimitMs = TIME_LIMIT_MS): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [`--max-old-space-size=${heapMb}`, CLI, 'validate', '--format', 'json', '-f', file],
      { cwd: dir, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, timeout: timeLimitMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let diagnostics: { code: string; severity: string; message: string }[] = [];
        try {
          diagnostics = (JSON.parse(stdout) as { diagnostics: typeof diagnostics }).diagnostics;
        } catch {
          // a crash prints no JSON: the assertions on the exit code say what happened
        }
        const errors = diagnostics.filter((d) => d.severity === 'error');
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          signal: error?.signal ?? null,
          codes: [...new Set(errors.map((d) => d.code))],
          messages: errors.map((d) => d.message),
          stderr: stderr.slice(0, 500),
        });
      },
    );
  });
}

/** Refused with exactly these codes, exit 1, not killed for time or memory. */
function expectRefused(r: Run, codes: string[], message: RegExp): void {
  expect({ signal: r.signal, code: r.code, stderr: r.stderr }).toEqual({ signal: null, code: 1, stderr: '' });
  expect(r.codes).toEqual(codes);
  expect(r.messages.some((m) => message.test(m)), r.messages.slice(0, 3).join('\n')).toBe(true);
}

const service = 'services:\n  web:\n    image: alpine\n';
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe.concurrent('resource bombs end in a coded error within the time and memory bound', () => {
  test('YAML alias expansion (billion laughs): C107 at 250,000 values from aliases', async () => {
    const levels = range(10).map((i) => (i === 0 ? 'x-l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]' : `x-l${i}: &l${i} [${range(10).map(() => `*l${i - 1}`).join(', ')}]`));
    expectRefused(await validate(project('laughs', { 'compose.yaml': service + levels.join('\n') + '\n' })), ['C107'], /aliases expand to more than 250000 values/);
  });

  test.each([
    ['flow sequences', `x-deep: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['flow mappings', `x-deep: ${'{a: '.repeat(10_000)}x${'}'.repeat(10_000)}\n`],
    ['block sequences', `x-deep:\n  ${'- '.repeat(10_000)}x\n`],
  ])('10,000-deep nesting of %s: C107 at 200 levels', async (name, text) => {
    expectRefused(await validate(project(`deep-${name.replace(' ', '-')}`, { 'compose.yaml': service + text })), ['C107'], /nests collections (too deeply|deeper than 200 levels)/);
  });

  test('10,000-deep block mappings need 50 MB of indentation: C119 refuses the file before parsing', async () => {
    const text = 'x-deep:\n' + range(10_000).map((i) => `${' '.repeat(i + 1)}k:`).join('\n') + ' x\n';
    expect(text.length).toBeGreaterThan(50_000_000);
    expectRefused(await validate(project('deep-block-mappings', { 'compose.yaml': service + text })), ['C119'], /may hold at most 8 MiB/);
  });

  test('a 50 MB file: C119 before it is decoded or parsed', async () => {
    const text = service + `    x-big: "${'x'.repeat(50 * 1024 * 1024)}"\n`;
    expectRefused(await validate(project('big', { 'compose.yaml': text })), ['C119'], /compose\.yaml is 52428\d{3} bytes; a compose or env file may hold at most 8 MiB/);
  });

  test('100,000 services in one file (2 MB, parsed whole): C119, a project has at most 20,000', async () => {
    const text = 'services:\n' + range(100_000).map((i) => `  s${i}: {image: x}\n`).join('');
    expectRefused(await validate(project('services-100k', { 'compose.yaml': text }), 'compose.yaml', LARGE_HEAP_MB, LARGE_TIME_LIMIT_MS), ['C119'], /compose\.yaml defines 100000 services; a project may have at most 20000/);
  }, 120_000);

  test('100,000 services spread over 100 included files: C119 at 20,000 services, before the rest is read', async () => {
    const files: Record<string, string> = { 'compose.yaml': `include:\n${range(100).map((f) => `  - part${f}.yaml\n`).join('')}${service}` };
    for (const f of range(100)) files[`part${f}.yaml`] = 'services:\n' + range(1000).map((i) => `  s${f}x${i}: {image: x}\n`).join('');
    expectRefused(await validate(project('services-included', files), 'compose.yaml', HEAP_MB, LARGE_TIME_LIMIT_MS), ['C119'], /compose\.yaml with its includes defines 20001 services; a project may have at most 20000/);
  }, 120_000);

  test('20,001 services in one file: C119', async () => {
    const text = 'services:\n' + range(20_001).map((i) => `  s${i}: {image: x}\n`).join('');
    expectRefused(await validate(project('services-20001', { 'compose.yaml': text }), 'compose.yaml', HEAP_MB, LARGE_TIME_LIMIT_MS), ['C119'], /compose\.yaml defines 20001 services/);
  }, 120_000);

  test('an interpolation nested a thousand levels deep: C301 at 64 levels', async () => {
    const text = `services:\n  web:\n    image: "${'${A:-'.repeat(1000)}x${'}'.repeat(1000)}"\n`;
    expectRefused(await validate(project('interpolation-1000', { 'compose.yaml': text })), ['C301'], /templates nest deeper than 64 levels/);
  });

  test('a .env whose every line doubles the last: C307 at 1,048,576 characters', async () => {
    const env = ['A=' + 'x'.repeat(1000), ...range(40).map((i) => `V${i}=\${${i === 0 ? 'A' : `V${i - 1}`}}\${${i === 0 ? 'A' : `V${i - 1}`}}`)].join('\n');
    const dir = project('doubling', { '.env': env + '\n', 'compose.yaml': service + '    environment:\n      X: ${V39}\n' });
    expectRefused(await validate(dir), ['C307'], /grows past 1048576 characters/);
  });

  test('a large variable used many times: C307 once the run has expanded 16 MiB', async () => {
    const env = 'A=' + 'x'.repeat(900_000) + '\n';
    const compose = service + '    environment:\n' + range(40).map((i) => `      X${i}: \${A}\n`).join('');
    expectRefused(await validate(project('expansion-total', { '.env': env, 'compose.yaml': compose })), ['C307'], /add up to more than 16777216 characters/);
  });

  test('an env file read by 500 services: C119 once 32 MiB have been parsed', async () => {
    const compose = 'services:\n' + range(500).map((i) => `  s${i}: {image: x, env_file: big.env}\n`).join('');
    const dir = project('env-file-many', { 'big.env': 'A=' + 'x'.repeat(1_000_000) + '\n', 'compose.yaml': compose });
    expectRefused(await validate(dir), ['C119'], /more than 32 MiB of compose and env files were parsed/);
  });

  test('an include loop: C115', async () => {
    const dir = project('include-loop', { 'compose.yaml': `include: [b.yaml]\n${service}`, 'b.yaml': 'include: [compose.yaml]\nservices:\n  b: {image: x}\n' });
    expectRefused(await validate(dir), ['C115'], /include cycle: compose\.yaml -> b\.yaml -> compose\.yaml/);
  });

  test('an extends loop through all 1,000 services: C413', async () => {
    const text = 'services:\n' + range(1000).map((i) => `  s${i}: {image: x, extends: s${(i + 1) % 1000}}\n`).join('');
    expectRefused(await validate(project('extends-loop', { 'compose.yaml': text })), ['C413'], /extends cycle: s0 -> s1 -> /);
  });

  test('a chain of 1,000 includes: C119 at 32 files deep', async () => {
    const files: Record<string, string> = {};
    for (const i of range(1000)) files[i === 0 ? 'compose.yaml' : `c${i}.yaml`] = `${i < 999 ? `include: [c${i + 1}.yaml]\n` : ''}services:\n  s${i}: {image: x}\n`;
    expectRefused(await validate(project('include-chain', files)), ['C119'], /includes nest more than 32 files deep: compose\.yaml -> c1\.yaml -> c2\.yaml -> \.\.\. -> c31\.yaml -> c32\.yaml/);
  });

  test('an include diamond (each level includes the next twice): C119 at 2,000 file reads', async () => {
    const files: Record<string, string> = {};
    const levels = 15;
    for (const i of range(levels)) {
      files[i === 0 ? 'compose.yaml' : `a${i}.yaml`] = `${i < levels - 1 ? `include: [b${i}.yaml, c${i}.yaml]\n` : ''}services:\n  a${i}: {image: x}\n`;
      for (const side of ['b', 'c']) files[`${side}${i}.yaml`] = `include: [a${i + 1}.yaml]\nservices:\n  ${side}${i}: {image: x}\n`;
    }
    const r = await validate(project('include-diamond', files));
    expect({ signal: r.signal, code: r.code }).toEqual({ signal: null, code: 1 });
    // the repeated services are real C116 conflicts, reported until the read limit stops the run
    expect([...r.codes].sort()).toEqual(['C116', 'C119']);
    expect(r.messages.filter((m) => /^files were parsed more than 2000 times in this run/.test(m))).toHaveLength(1);
  });
});
