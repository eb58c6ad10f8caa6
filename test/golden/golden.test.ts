// Golden conversion cases: test/golden/<case>/ holds compose input, `case.json` (plan options), expected/ (the
// plain units plus diagnostics.txt) and expected-quadlet/ (the same project as Quadlet files for
// `quadletPodmanVersion`, 5.4 unless the case says otherwise; `quadlet/` and `units/` hold the files of each
// place). UPDATE_GOLDEN=1 rewrites both; review that diff like code. Every expected plain unit must pass
// `systemd-analyze verify` with nothing on stderr; every Quadlet set is checked by podman's generator
// (test/golden/quadlet-generator.test.ts).
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
  /** The podman version of the Quadlet rendering (default 5.4). */
  readonly quadletPodmanVersion?: string;
  /** A case whose Quadlet conversion must fail (e.g. a pod before podman 5.0). */
  readonly quadletFails?: boolean;
}

export const FORMATS = [
  { format: 'units', dir: 'expected' },
  { format: 'quadlet', dir: 'expected-quadlet' },
] as const;

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

export function caseOptions(name: string): CaseOptions {
  return JSON.parse(readFileSync(join(ROOT, name, 'case.json'), 'utf8')) as CaseOptions;
}

function convertCase(name: string, format: 'units' | 'quadlet') {
  const dir = join(ROOT, name);
  const opts = caseOptions(name);
  const podmanVersion = format === 'quadlet' ? (opts.quadletPodmanVersion ?? '5.4') : opts.podmanVersion;
  const result = convertProject(
    { files: (opts.files ?? ['compose.yaml']).map((f) => join(dir, f)), cwd: dir, env: opts.env ?? {}, homeDir: '/home/user', ...(opts.profiles ? { profiles: opts.profiles } : {}) },
    { format, pod: opts.pod ?? false, scope: opts.scope ?? 'user', ...(podmanVersion ? { podmanVersion } : {}) },
    diskFs,
  );
  // Plain units keep their flat layout; Quadlet output names the place of each file.
  const path = (f: { root: string; name: string }) => (format === 'units' ? f.name : `${f.root}/${f.name}`);
  const files = new Map<string, string>((result.files ?? []).map((f) => [path(f), f.content.replaceAll(dir, '<case>')]));
  files.set('diagnostics.txt', diagnosticsText(result.diagnostics, result.sources, dir) + '\n');
  return { dir, opts, result, files };
}

/** Every file under `dir`, by its path relative to it. */
export function readTree(dir: string, prefix = ''): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) for (const [k, v] of readTree(join(dir, e.name), `${prefix}${e.name}/`)) out.set(k, v);
    else out.set(`${prefix}${e.name}`, readFileSync(join(dir, e.name), 'utf8'));
  }
  return out;
}

describe.each(cases)('golden case %s', (name) => {
  test.each(FORMATS)('converts to exactly the expected $format and diagnostics', ({ format, dir: expectedDir }) => {
    const { dir, opts, result, files } = convertCase(name, format);
    const fails = format === 'units' ? opts.fails : (opts.fails ?? opts.quadletFails);
    if (fails) expect(result.files).toBeUndefined();
    else expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    if (UPDATE) {
      rmSync(join(dir, expectedDir), { recursive: true, force: true });
      for (const [f, text] of files) {
        mkdirSync(dirname(join(dir, expectedDir, f)), { recursive: true });
        writeFileSync(join(dir, expectedDir, f), text);
      }
    }
    const expected = readTree(join(dir, expectedDir));
    expect([...files.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [f, text] of files) expect(text, `${name}/${expectedDir}/${f}`).toBe(expected.get(f));
  });

  test('the expected units pass systemd-analyze verify', async () => {
    const units = [...readTree(join(ROOT, name, 'expected'))].filter(([f]) => f !== 'diagnostics.txt').map(([f, text]) => ({ name: f, text }));
    if (units.length === 0) return;
    const opts = caseOptions(name);
    const v = await verifyUnits(units, { user: (opts.scope ?? 'user') === 'user' });
    if (v.skipped) {
      console.warn(`skipped systemd-analyze verify for ${name}: ${v.skipped}`);
      return;
    }
    expect(v.stderr).toBe('');
    expect(v.exitCode).toBe(0);
  });
});
