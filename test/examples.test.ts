// examples/<name>/units holds the committed output of `compose2systemd convert` for each example.
// This regenerates it and fails on any difference (UPDATE_GOLDEN=1 rewrites it), and checks the units
// pass `systemd-analyze verify`.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { runCliCaptured } from './support/cli.js';
import { verifyUnits } from './support/verify-units.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');
/** Extra convert arguments per example; the rest convert with the defaults. */
const ARGS: Record<string, string[]> = { pod: ['--pod'] };
const names = readdirSync(EXAMPLES).filter((n) => existsSync(join(EXAMPLES, n, 'compose.yaml'))).sort();
const scratch = mkdtempSync(join(tmpdir(), 'c2s-examples-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const listDir = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** Each example is committed in both systemd formats: units/ (plain units) and quadlet/ (Quadlet files for podman 5.4). */
const FORMATS = [
  { folder: 'units', args: [] as string[], note: 'note: plain units for podman 4.3 (--format quadlet for other formats)\n' },
  { folder: 'quadlet', args: ['--format', 'quadlet', '--podman-version', '5.4'], note: 'note: Quadlet files for podman 5.4\n' },
];

describe.each(names)('example %s', (name) => {
  test.each(FORMATS)('its committed $folder are exactly what convert generates now', async ({ folder, args, note }) => {
    const out = join(scratch, name, folder);
    const r = await runCliCaptured(['convert', '-f', join(EXAMPLES, name, 'compose.yaml'), '-o', out, ...args, ...(ARGS[name] ?? [])]);
    expect(r.stderr.startsWith(note)).toBe(true);
    expect(r.code).toBe(0);
    const committed = join(EXAMPLES, name, folder);
    if (process.env['UPDATE_GOLDEN'] === '1') {
      rmSync(committed, { recursive: true, force: true });
      cpSync(out, committed, { recursive: true });
    }
    expect(listDir(out)).toEqual(listDir(committed));
    for (const f of listDir(out)) expect(readFileSync(join(out, f), 'utf8'), `${name}/${folder}/${f}`).toBe(readFileSync(join(committed, f), 'utf8'));
  });

  test('its units pass systemd-analyze verify', async () => {
    const dir = join(EXAMPLES, name, 'units');
    const v = await verifyUnits(listDir(dir).map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') })), { user: true });
    if (v.skipped) return console.warn(`skipped systemd-analyze verify for example ${name}: ${v.skipped}`);
    expect(v.stderr).toBe('');
    expect(v.exitCode).toBe(0);
  });
});
