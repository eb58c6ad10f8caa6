// What `npm pack` ships: the built CLI and library (dist), the schema additions, README, LICENSE and CHANGELOG;
// no tests, fixtures, sources or source maps. Reads npm's own file list, so a change of `files` shows here.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');

interface PackEntry {
  readonly path: string;
}

/** The files `npm pack` would put in the tarball. `--ignore-scripts`: `npm test` has built dist already. */
function packedFiles(): string[] {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [pack] = JSON.parse(out) as { files: PackEntry[] }[];
  return pack!.files.map((f) => f.path).sort();
}

describe('npm pack', () => {
  const files = packedFiles();

  test('ships the CLI, the validator, the schema additions and the top-level documents', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'schemas/compose-additions.json', 'dist/cli/main.js', 'dist/validate/generated/compose-validator.js', 'dist/pipeline.js', 'dist/pipeline.d.ts']) {
      expect(files, f).toContain(f);
    }
  });

  test('ships nothing outside dist/ and schemas/ but the top-level documents', () => {
    const top = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']);
    expect(files.filter((f) => !top.has(f) && !f.startsWith('dist/') && !f.startsWith('schemas/'))).toEqual([]);
  });

  test('ships no tests, fixtures, TypeScript sources or source maps', () => {
    expect(files.filter((f) => /(^|\/)(test|tests|__tests__|fixtures?|golden|e2e)\//.test(f) || /\.test\.[jt]s$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  test('every compiled module ships with its declarations', () => {
    const js = files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(50);
    expect(js.filter((f) => !files.includes(f.replace(/\.js$/, '.d.ts')))).toEqual([]);
  });

  test('LICENSE is the Apache License 2.0 that package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('Apache-2.0');
    const text = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(text.trimStart().startsWith('Apache License')).toBe(true);
    expect(text).toContain('Version 2.0, January 2004');
    expect(text).toContain('END OF TERMS AND CONDITIONS');
  });

  test('CHANGELOG keeps an Unreleased section (Keep a Changelog)', () => {
    const text = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    expect(text).toMatch(/^# Changelog\n/);
    expect(text).toMatch(/\n## \[Unreleased\]\n/);
  });
});
