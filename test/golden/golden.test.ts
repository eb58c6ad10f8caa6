// Golden conversion cases: test/golden/<case>/ holds compose input, `case.json` (plan options), expected/ (the
// plain units plus diagnostics.txt) and expected-quadlet/ (the same project as Quadlet files for
// `quadletPodmanVersion`, 5.4 unless the case says otherwise; `quadlet/` and `units/` hold the files of each
// place). UPDATE_GOLDEN=1 rewrites both; review that diff like code. Every expected plain unit must pass
// `systemd-analyze verify` with nothing on stderr; every Quadlet set is checked by podman's generator
// (test/golden/quadlet-generator.test.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { verifyUnits } from '../support/verify-units.js';
import { caseOptions, cases, convertCase, FORMATS, readTree, ROOT } from './golden-cases.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

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
    const units = [...readTree(join(ROOT, name, 'expected'))].filter(([f]) => f !== 'diagnostics.txt' && !f.startsWith('private/')).map(([f, text]) => ({ name: f, text }));
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
