// Every row of the shared corpus manifest: valid files load, needs-env files load once their variables are
// supplied, invalid files are refused with a located diagnostic. New rows are covered without code changes.
import { cpSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { convertProject } from '../../src/pipeline.js';
import { diskFs, runCliCaptured } from '../support/cli.js';
import { verifyUnits } from '../support/verify-units.js';
import { CORPUS, envTemplateFor, filesFor, readManifest, type CorpusRow } from './manifest.js';

const rows = readManifest();
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface JsonDiag {
  code: string;
  severity: string;
  message: string;
  line?: number;
  column?: number;
}

async function config(files: string[], extra: string[] = [], env: Record<string, string> = {}) {
  const run = await runCliCaptured(['config', '--format', 'json', ...files.flatMap((f) => ['-f', f]), ...extra], { env, cwd: dirname(files[0]!) });
  const parsed = JSON.parse(run.stdout) as { diagnostics: JsonDiag[]; project: unknown };
  return { ...run, diagnostics: parsed.diagnostics, project: parsed.project };
}

const byKind = (kind: CorpusRow['expected']) => rows.filter((r) => r.expected === kind);

describe.skipIf(rows.length === 0)(`corpus at ${CORPUS}`, () => {
  test.each(byKind('valid').map((r) => [r.file, r] as const))('valid: %s', async (_name, row) => {
    const r = await config(filesFor(row));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.project).not.toBeNull();
  });

  test.each(byKind('valid').map((r) => [r.file, r] as const))('valid converts, units verify: %s', async (_name, row) => {
    const files = filesFor(row);
    for (const [pod, podmanVersion] of [[false, '4.3'], [false, '5.4'], [true, '5.4']] as const) {
      const r = convertProject({ files, cwd: dirname(files[0]!), env: {}, homeDir: '/home/user' }, { pod, podmanVersion }, diskFs);
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (pod && errors.length > 0) {
        // A file may use what one shared pod cannot honour (network_mode: host, ...): refused, and located.
        expect(errors.every((d) => d.labels.length > 0)).toBe(true);
        continue;
      }
      expect(errors.map((d) => `${d.code} ${d.message}`), `pod=${pod}`).toEqual([]);
      expect(r.files?.length).toBeGreaterThan(0);
      const v = await verifyUnits(r.files!.map((f) => ({ name: f.name, text: f.content })), { user: true });
      if (v.skipped) return console.warn(`skipped systemd-analyze verify for ${row.file}: ${v.skipped}`);
      expect(v.stderr, `pod=${pod}`).toBe('');
    }
  });

  test.each(byKind('invalid').map((r) => [r.file, r] as const))('invalid: %s', async (_name, row) => {
    const r = await config(filesFor(row));
    expect(r.code).toBe(1);
    const located = r.diagnostics.filter((d) => d.severity === 'error' && d.line !== undefined && d.column !== undefined);
    expect(located.length).toBeGreaterThan(0);
  });

  test.each(byKind('needs-env').map((r) => [r.file, r] as const))('needs-env: %s', async (_name, row) => {
    const template = envTemplateFor(row, rows);
    if (template) {
      // The user's workflow: copy the template to .env beside the file, and pass it as --env-file too.
      const dir = mkdtempSync(join(tmpdir(), 'c2s-corpus-'));
      scratch.push(dir);
      cpSync(dirname(join(CORPUS, 'public', row.file)), dir, { recursive: true });
      copyFileSync(join(CORPUS, 'public', template), join(dir, '.env'));
      const r = await config([join(dir, basename(row.file))], ['--env-file', join(CORPUS, 'public', template)]);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(r.code).toBe(0);
      return;
    }
    // Without a template the file names what it needs: first run without, then supply what it asked for.
    const bare = await config(filesFor(row));
    const wanted = new Set(bare.diagnostics.filter((d) => d.code.startsWith('C3')).flatMap((d) => [...d.message.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1]!)));
    expect(wanted.size).toBeGreaterThan(0);
    const env = Object.fromEntries([...wanted].map((v) => [v, 'value-of-' + v.toLowerCase()]));
    const r = await config(filesFor(row), [], env);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code.startsWith('C3'))).toEqual([]);
    expect(r.code).toBe(0);
  });
});
