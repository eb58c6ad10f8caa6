// Integration: what src/systemd writes is accepted by systemd-analyze verify without a word on stderr, and
// systemd's own parser (read back from its debug dump) recovers the exact arguments, environment and description.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directiveValue, environmentAssignment } from '../../src/systemd/escape.js';
import { renderUnit } from '../../src/systemd/render.js';
import { entry, execEntry, section, unitFile, type Entry, type UnitFile } from '../../src/systemd/unit-file.js';
import { dumpUnit, verifyUnavailable, verifyUnits } from '../support/verify-units.js';
import { arbitraryText } from './arbitraries.js';

const unavailable = verifyUnavailable();
if (unavailable) console.warn(`systemd-analyze integration tests skipped: ${unavailable}`);

function must<T>(r: { ok: true; text: string } | { ok: false; reason: string }, wrap: (text: string) => T): T {
  if (!r.ok) throw new Error(r.reason);
  return wrap(r.text);
}

function serviceWith(name: string, description: string | undefined, env: readonly [string, string][], groups: readonly string[][]): UnitFile {
  const exec = execEntry('ExecStart', [['/usr/bin/podman', 'run'], ...groups]);
  if (!exec.ok) throw new Error(exec.reason);
  const unitEntries: Entry[] = description === undefined ? [] : [must(directiveValue(description), (t) => entry('Description', t))];
  return unitFile(name, ['generated for a test'], [
    section('Unit', unitEntries),
    section('Service', [...env.map(([k, v]) => must(environmentAssignment(k, v), (t) => entry('Environment', t))), entry('Type', 'oneshot'), exec.entry]),
  ]);
}

const toText = (u: UnitFile) => ({ name: u.name, text: renderUnit(u) });
// `$$` is the only `$` sequence we write; systemd turns it into `$` when it starts the command.
const atExec = (argv: readonly string[]) => argv.map((a) => a.replace(/\$\$/g, '$'));
// The dump prints Environment/Description raw; a newline followed by two tabs would look like the next field.
const dumpSafe = (s: string) => !s.includes('\n\t\t') && !s.includes('\n\t-');

describe.skipIf(unavailable !== undefined)('systemd-analyze', () => {
  it('accepts sibling units that depend on each other (system and user mode) and prints nothing', async () => {
    const a = unitFile('proj-db.service', [], [
      section('Unit', [entry('Description', 'db')]),
      section('Service', [entry('ExecStart', '/usr/bin/podman run db')]),
    ]);
    const b = unitFile('proj-web.service', [], [
      section('Unit', [entry('Requires', 'proj-db.service'), entry('After', 'proj-db.service'), entry('PartOf', 'proj.target')]),
      section('Service', [entry('ExecStart', '/usr/bin/podman run web')]),
      section('Install', [entry('WantedBy', 'proj.target')]),
    ]);
    const t = unitFile('proj.target', [], [section('Unit', [entry('Wants', 'proj-db.service proj-web.service')]), section('Install', [entry('WantedBy', 'default.target')])]);
    for (const user of [false, true]) {
      const r = await verifyUnits([a, b, t].map(toText), { user });
      expect(r).toMatchObject({ stderr: '', exitCode: 0, verified: ['proj-db.service', 'proj-web.service', 'proj.target'] });
    }
  });

  it('reports a missing dependency and a bad escape on stderr', async () => {
    const missing = unitFile('x.service', [], [section('Unit', [entry('Requires', 'absent.service')]), section('Service', [entry('ExecStart', '/usr/bin/podman run x')])]);
    const r1 = await verifyUnits([toText(missing)]);
    expect(r1.stderr).toMatch(/absent\.service/);
    const badEscape = unitFile('y.service', [], [section('Service', [entry('ExecStart', '/usr/bin/podman run "\\q"')])]);
    const r2 = await verifyUnits([toText(badEscape)]);
    expect(r2.stderr).toMatch(/escape/i);
  });

  it('systemd parses random arguments, environment and descriptions back to the original bytes', async () => {
    const argGroups = fc.array(fc.array(arbitraryText, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 12 });
    const env = fc.array(fc.tuple(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), arbitraryText.filter(dumpSafe)), { maxLength: 4 });
    const desc = arbitraryText.filter((s) => dumpSafe(s) && directiveValue(s).ok && s.length > 0);
    const cases = fc.sample(fc.tuple(argGroups, env, desc), { seed: 20240601, numRuns: 24 });
    cases.push([[['a b', '"q"'], ['$HOME', '${X}', '%n', '50%'], [';', '\\;', '#x', ''], ['line\nbreak', '\t\x01\x7f', 'ü😀']], [['A', 'x $Y %n "z" \\w']], '100% of \\ things']);
    const units = cases.map(([groups, envPairs, description], i) => serviceWith(`case${i}.service`, description, envPairs, groups));
    const texts = units.map(toText);

    const verdict = await verifyUnits(texts);
    expect(verdict.stderr).toBe('');
    expect(verdict.exitCode).toBe(0);

    for (const [i, [groups, envPairs, description]] of cases.entries()) {
      const dump = await dumpUnit(texts, `case${i}.service`);
      if (dump.skipped) {
        console.warn(`argv read-back skipped: ${dump.skipped}`);
        return;
      }
      expect(dump.commands).toHaveLength(1);
      expect(atExec(dump.commands[0]!.argv)).toEqual(['/usr/bin/podman', 'run', ...groups.flat()]);
      // Later assignments of the same variable win in systemd, as in a shell.
      const expectedEnv = new Map(envPairs);
      expect(dump.environment).toEqual([...expectedEnv].map(([k, v]) => `${k}=${v}`));
      expect(dump.description).toBe(description);
    }
  });

  it('takes well under a second per call (timing is printed)', async () => {
    const u = toText(serviceWith('timing.service', 'timing', [], [['x']]));
    const start = performance.now();
    const runs = 5;
    for (let i = 0; i < runs; i++) expect((await verifyUnits([u])).stderr).toBe('');
    const perCall = (performance.now() - start) / runs;
    console.info(`systemd-analyze verify: ${perCall.toFixed(0)} ms per call`);
    expect(perCall).toBeLessThan(1000);
  });
});
