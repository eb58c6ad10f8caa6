// The package's executable as shipped: dist/cli/bin.cjs running the esbuild bundle with its V8 code cache
// (npm test builds first). It must behave exactly as the source does, cache or no cache.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { createNodeHost } from '../../src/apply/node-host.js';
import { runCliCaptured } from '../support/cli.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'dist', 'cli', 'bin.cjs');
const example = join(root, 'examples', 'webapp', 'compose.yaml');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };

function runBin(binPath: string, argv: string[], input?: string) {
  const r = spawnSync(process.execPath, [binPath, ...argv], { cwd: root, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, ...(input !== undefined ? { input } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'c2s-bundle-'));
  copies.push(dir);
  return dir;
}
// Content and mode: the private env files must stay 0600 however they are written.
const filesOf = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, { text: readFileSync(join(dir, f), 'utf8'), mode: statSync(join(dir, f)).mode & 0o777 }]));

describe('the bundled executable', () => {
  test('is the bin of package.json and can be run directly', () => {
    expect(join(root, manifest.bin['compose2systemd']!)).toBe(bin);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  test.each([
    ['convert', ['convert', '-f', example], undefined],
    ['validate of an invalid file, as text', ['validate', '-f', '-'], 'services:\n  web:\n    image: 1\n    ports: 80\n'],
    ['validate of an invalid file, as json', ['validate', '--format', 'json', '-f', '-'], 'services:\n  web:\n    image: [x\n'],
    ['graph as dot', ['graph', '--format', 'dot', '-f', example], undefined],
    ['--help', ['--help'], undefined],
  ])('%s: the same output and exit code as the source', async (_name, argv, stdin) => {
    const fromSource = await runCliCaptured(argv, { cwd: root, env: {}, readStdin: () => stdin ?? '' });
    const fromBundle = runBin(bin, argv, stdin ?? '');
    expect(fromBundle).toEqual({ code: fromSource.code, stdout: fromSource.stdout, stderr: fromSource.stderr });
  });

  // These go through the real host, whose node builtins load on first use (a dynamic import in the source).
  test('convert -o writes the same files as the source', async () => {
    const [a, b] = [tempDir(), tempDir()];
    const fromSource = await runCliCaptured(['convert', '-f', example, '-o', a], { cwd: root, env: { PATH: process.env['PATH'] ?? '' }, host: () => createNodeHost({ env: { PATH: process.env['PATH'] ?? '' } }) });
    const fromBundle = runBin(bin, ['convert', '-f', example, '-o', b]);
    expect([fromBundle.code, fromBundle.stderr]).toEqual([fromSource.code, fromSource.stderr]);
    expect(fromBundle.code).toBe(0);
    expect(filesOf(b)).toEqual(filesOf(a));
    expect(Object.keys(filesOf(b)).sort()).toEqual(readdirSync(join(root, 'examples', 'webapp', 'units')).sort());
    expect(filesOf(b)['webapp-db.env']?.mode).toBe(0o600);
  });

  test('up --dry-run reviews the same changes as the source', async () => {
    const unitDir = tempDir();
    const argv = ['up', '--dry-run', '--podman-version', '5.4', '--unit-dir', unitDir, '-f', example];
    const env = { PATH: process.env['PATH'] ?? '' };
    const fromSource = await runCliCaptured(argv, { cwd: root, env, host: () => createNodeHost({ env }) });
    const fromBundle = runBin(bin, argv);
    expect(fromBundle).toEqual({ code: fromSource.code, stdout: fromSource.stdout, stderr: fromSource.stderr });
    expect(fromBundle.stdout).toContain('# Commands that would run:');
    expect(readdirSync(unitDir)).toEqual([]);
  });

  test('V8 accepts the code cache the build made, and the bundle runs without it too', () => {
    const { compileBundle, CODE_CACHE } = createRequire(import.meta.url)(bin) as { compileBundle(c?: Buffer): { cachedDataRejected?: boolean }; CODE_CACHE: string };
    expect(compileBundle(readFileSync(CODE_CACHE)).cachedDataRejected).toBe(false);
    const dir = tempDir();
    for (const f of ['bin.cjs', 'bundle.cjs']) copyFileSync(join(root, 'dist', 'cli', f), join(dir, f));
    const withCache = runBin(bin, ['convert', '-f', example]);
    expect(runBin(join(dir, 'bin.cjs'), ['convert', '-f', example])).toEqual(withCache);
    expect(withCache.code).toBe(0);
  });

  test('ships the licences of the packages inside the bundle', () => {
    const text = readFileSync(join(root, 'dist', 'cli', 'bundle-licenses.txt'), 'utf8');
    for (const pkg of ['commander', 'yaml', 'diff', 'fast-deep-equal']) expect(text).toMatch(new RegExp(`^${pkg} \\d+\\.\\d+\\.\\d+ \\(`, 'm'));
  });
});
