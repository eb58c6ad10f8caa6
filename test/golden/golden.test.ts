// Golden conversion cases: test/golden/<case>/ holds compose input, `case.json` (plan options) and expected/
// (the rendered units plus diagnostics.txt). UPDATE_GOLDEN=1 rewrites expected/; review that diff like code.
// Every expected unit must also pass `systemd-analyze verify` with nothing on stderr.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { convertProject } from '../../src/pipeline.js';
import type { SourceRegistry } from '../../src/source/source-file.js';
import { diskFs } from '../support/cli.js';
import { verifyUnits } from '../support/verify-units.js';

const ROOT = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, d.name, 'case.json')))
  .map((d) => d.name)
  .sort();

interface CaseOptions {
  readonly files?: string[];
  readonly pod?: boolean;
  readonly podmanVersion?: string;
  readonly scope?: 'user' | 'system';
  readonly profiles?: string[];
  readonly env?: Record<string, string>;
  /** A case whose conversion must fail: expected/ then holds only diagnostics.txt. */
  readonly fails?: boolean;
}

/** One line per diagnostic, paths relative to the case, so the text is the same on every machine. */
export function diagnosticsText(diagnostics: readonly Diagnostic[], sources: SourceRegistry, dir: string): string {
  return diagnostics
    .map((d) => {
      const l = d.labels[0];
      const file = l ? sources.get(l.span.file) : undefined;
      const at = l && file ? `${l.span.file.replace(dir + '/', '')}:${file.positionOf(l.span.start).line}:${file.positionOf(l.span.start).column}` : '-';
      return `${d.severity} ${d.code} ${at} ${d.message.replaceAll(dir, '<case>')}`;
    })
    .sort()
    .join('\n');
}

function convertCase(name: string) {
  const dir = join(ROOT, name);
  const opts = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseOptions;
  const result = convertProject(
    { files: (opts.files ?? ['compose.yaml']).map((f) => join(dir, f)), cwd: dir, env: opts.env ?? {}, homeDir: '/home/user', ...(opts.profiles ? { profiles: opts.profiles } : {}) },
    { pod: opts.pod ?? false, scope: opts.scope ?? 'user', ...(opts.podmanVersion ? { podmanVersion: opts.podmanVersion } : {}) },
    diskFs,
  );
  const files = new Map<string, string>((result.files ?? []).map((f) => [f.name, f.content.replaceAll(dir, '<case>')]));
  files.set('diagnostics.txt', diagnosticsText(result.diagnostics, result.sources, dir) + '\n');
  return { dir, opts, result, files };
}

function readExpected(dir: string): Map<string, string> {
  const exp = join(dir, 'expected');
  if (!existsSync(exp)) return new Map();
  return new Map(readdirSync(exp).sort().map((f) => [f, readFileSync(join(exp, f), 'utf8')]));
}

describe.each(cases)('golden case %s', (name) => {
  test('converts to exactly the expected units and diagnostics', () => {
    const { dir, opts, result, files } = convertCase(name);
    if (opts.fails) expect(result.files).toBeUndefined();
    else expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    if (UPDATE) {
      rmSync(join(dir, 'expected'), { recursive: true, force: true });
      mkdirSync(join(dir, 'expected'));
      for (const [f, text] of files) writeFileSync(join(dir, 'expected', f), text);
    }
    const expected = readExpected(dir);
    expect([...files.keys()].sort()).toEqual([...expected.keys()]);
    for (const [f, text] of files) expect(text, `${name}/expected/${f}`).toBe(expected.get(f));
  });

  test('the expected units pass systemd-analyze verify', async () => {
    const units = [...readExpected(join(ROOT, name))].filter(([f]) => f !== 'diagnostics.txt').map(([f, text]) => ({ name: f, text }));
    if (units.length === 0) return;
    const opts = JSON.parse(readFileSync(join(ROOT, name, 'case.json'), 'utf8')) as CaseOptions;
    const v = await verifyUnits(units, { user: (opts.scope ?? 'user') === 'user' });
    if (v.skipped) {
      console.warn(`skipped systemd-analyze verify for ${name}: ${v.skipped}`);
      return;
    }
    expect(v.stderr).toBe('');
    expect(v.exitCode).toBe(0);
  });
});
