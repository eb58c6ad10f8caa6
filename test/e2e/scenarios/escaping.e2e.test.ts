// e2e scenarios 13 and 14 (podman5): systemd itself judges the escaping of src/systemd/escape.ts, and an
// unprivileged user cannot read a private value. 13: fast-check argument lists become ExecStartPre= lines that
// systemd runs, each writing the argv it got; values become Environment= lines read back over D-Bus.
// C2S_ESCAPING_CASES (default 1000) and C2S_ESCAPING_SEED choose the batch; the figures are printed.
import fc from 'fast-check';
import { expect } from 'vitest';
import { environmentAssignment, execLine } from '../../../src/systemd/escape.js';
import { arbitraryText, isNoncharacter } from '../../systemd/arbitraries.js';
import { BED_IMAGE } from '../bed.js';
import { bedSuites, withProject, yamlValue } from './scenario-kit.js';

const CASES = Number(process.env['C2S_ESCAPING_CASES'] ?? '1000');
const SEED = Number(process.env['C2S_ESCAPING_SEED'] ?? '20261204');
/** Lines per unit file: systemd runs them one after another; a big batch is split over several units. */
const PER_UNIT = 2500;

/** Each run appends its argument count and arguments, NUL-terminated, to the record file. */
const RECORDER = 'printf "%s\\0" "$#" "$@" >> /run/c2s-argv';

interface Case {
  readonly args: readonly string[];
  readonly value: string;
}

/** Unicode noncharacters (systemd refuses them, so must we) and their nearest neighbours (which must pass). */
const EDGES = ['\ufdd0', '\ufdef', '\ufffe', '\u{1ffff}', '\u{10ffff}', '\ufdcf', '\ufdf0', '\ufffd', '\u{1fffd}', '\u{10fffd}'];
const hasNoncharacter = (s: string) => [...s].some((ch) => isNoncharacter(ch.codePointAt(0)!));

function generate(): Case[] {
  const arb = fc.record({ args: fc.array(arbitraryText, { minLength: 0, maxLength: 4 }), value: arbitraryText });
  // every 20th case carries one of the edges, in its last argument and in its value
  return fc.sample(arb, { numRuns: CASES, seed: SEED }).map((c, i) => {
    if (i % 20 !== 19) return c;
    const edge = EDGES[(i / 20) % EDGES.length | 0]!;
    return { args: [...c.args, `a${edge}b`], value: `${c.value}${edge}` };
  });
}

/** The record file back as argument lists. */
function readRecords(bytes: string): string[][] {
  const fields = bytes.split('\0');
  const out: string[][] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const n = Number(fields[i]);
    out.push(fields.slice(i + 1, i + 1 + n));
    i += 1 + n;
  }
  return out;
}

const SECRET_ENV = 'env-secret-7Hq2-from-dotenv';
const SECRET_FILE = 'secret-value-Zp91-from-environment';

await bedSuites(
  'escaping.e2e.test.ts',
  (s) => {
    s.scenario(
      `13 escaping judged by systemd: ${CASES} generated argument lists as ExecStartPre=, ${CASES} values as Environment= (seed ${SEED})`,
      async () => {
        const bed = s.bed();
        const cases = generate();
        let refusedArgs = 0;
        let refusedValues = 0;
        const exec: { lines: string[]; expected: string[][] }[] = [];
        const env: { lines: string[]; expected: string[] }[] = [];
        cases.forEach((c, i) => {
          const batch = Math.floor(i / PER_UNIT);
          exec[batch] ??= { lines: [], expected: [] };
          env[batch] ??= { lines: [], expected: [] };
          const line = execLine(['/bin/sh', '-c', RECORDER, 'rec', ...c.args]);
          // refused exactly when systemd would refuse it (arbitraryText has no NUL, its one other limit)
          expect({ args: c.args, ok: line.ok }).toEqual({ args: c.args, ok: !c.args.some(hasNoncharacter) });
          if (line.ok) {
            exec[batch]!.lines.push(`ExecStartPre=${line.text}`);
            exec[batch]!.expected.push([...c.args]);
          } else refusedArgs++;
          const assignment = environmentAssignment(`V${i}`, c.value);
          expect({ value: c.value, ok: assignment.ok }).toEqual({ value: c.value, ok: !hasNoncharacter(c.value) });
          if (assignment.ok) {
            env[batch]!.lines.push(`Environment=${assignment.text}`);
            env[batch]!.expected.push(`V${i}=${c.value}`);
          } else refusedValues++;
        });
        let checkedArgs = 0;
        let checkedValues = 0;
        const started = Date.now();
        for (let b = 0; b < exec.length; b++) {
          const unit = `c2sescape${b}.service`;
          await bed.writeFile(
            `/run/systemd/system/${unit}`,
            ['[Service]', 'Type=oneshot', 'TimeoutStartSec=infinity', ...exec[b]!.lines, ...env[b]!.lines, 'ExecStart=/bin/true', ''].join('\n'),
          );
          await bed.run(['rm', '-f', '/run/c2s-argv'], { check: true });
          await bed.run(['systemctl', 'daemon-reload'], { check: true });
          const start = await bed.run(['systemctl', 'start', unit], { timeoutMs: 15 * 60_000 });
          expect(start.code, start.stderr).toBe(0);
          // what the processes systemd started got, in order
          const seen = readRecords(await bed.readFile('/run/c2s-argv'));
          expect(seen.length).toBe(exec[b]!.expected.length);
          for (let i = 0; i < seen.length; i++) expect({ line: exec[b]!.lines[i], argv: seen[i] }).toEqual({ line: exec[b]!.lines[i], argv: exec[b]!.expected[i] });
          checkedArgs += seen.length;
          // Environment= as systemd parsed it (systemd does not expand `$` there), exactly, over D-Bus
          const path = `/org/freedesktop/systemd1/unit/${unit.replace('.', '_2e')}`;
          const prop = await bed.run(['busctl', 'get-property', '--json=short', 'org.freedesktop.systemd1', path, 'org.freedesktop.systemd1.Service', 'Environment'], { check: true });
          const got = (JSON.parse(prop.stdout) as { data: string[] }).data;
          expect(got).toEqual(env[b]!.expected);
          checkedValues += got.length;
          await bed.run(['rm', '-f', `/run/systemd/system/${unit}`, '/run/c2s-argv'], { check: true });
        }
        await bed.run(['systemctl', 'daemon-reload'], { check: true });
        const args = cases.reduce((n, c) => n + c.args.length, 0);
        console.log(
          `[e2e] escaping: seed ${SEED}: ${checkedArgs} command lines (${args} arguments in all) run by systemd with exactly the intended argv, ` +
            `${checkedValues} Environment= values read back exactly; refused: ${refusedArgs} command lines, ${refusedValues} values; ` +
            `${exec.length} unit(s), ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
        expect(checkedArgs + refusedArgs).toBe(CASES);
        expect(checkedValues + refusedValues).toBe(CASES);
        expect(refusedArgs).toBeGreaterThan(0);
        // and the refusal is needed: systemd does not load a unit with one raw noncharacter in it
        await bed.writeFile('/run/systemd/system/c2snonchar.service', '[Service]\nType=oneshot\nExecStart=/bin/echo "a\ufffeb"\n');
        await bed.run(['systemctl', 'daemon-reload'], { check: true });
        const refused = await bed.run(['systemctl', 'start', 'c2snonchar.service']);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toContain('failed to load properly');
        await bed.run(['rm', '-f', '/run/systemd/system/c2snonchar.service'], { check: true });
        await bed.run(['systemctl', 'daemon-reload'], { check: true });
      },
      { only: 'podman5', timeoutMs: 30 * 60_000 },
    );

    s.scenario(
      '14 private values: an unprivileged user finds them in no unit and no systemctl show, the container sees them',
      async () => {
        await withProject(s.root(), 'private', async (p) => {
          await p.write(
            `name: private
services:
  app:
    image: ${BED_IMAGE}
    init: true
    command: ["sleep", "infinity"]
    environment:
      PASSWORD: \${DB_PASSWORD}
      PUBLIC: ${yamlValue('written-in-the-file')}
    secrets: [token]
secrets:
  token:
    environment: TOKEN
`,
            { '.env': { content: `DB_PASSWORD=${SECRET_ENV}\n` } },
          );
          await p.up([], { TOKEN: SECRET_FILE });
          // the container sees both values
          // env prints in no fixed order: compare whole lines
          expect((await p.exec('app', ['env'])).split('\n')).toContain(`PASSWORD=${SECRET_ENV}`);
          expect(await p.exec('app', ['cat', '/run/secrets/token'])).toBe(SECRET_FILE);
          // `u` reads every unit file of the project and everything systemctl shows of its units
          const u = { user: 'u' as const };
          const units = await s.bed().sh('ls /etc/systemd/system | grep "^private"', { check: true });
          const names = units.stdout.trim().split('\n');
          expect(names).toContain('private-app.service');
          for (const name of names) {
            const text = await s.bed().run(['cat', `/etc/systemd/system/${name}`], { ...u, check: true });
            const shown = await s.bed().run(['systemctl', 'show', '--all', name], { ...u, check: true });
            for (const out of [text.stdout, shown.stdout]) {
              expect(out).not.toContain(SECRET_ENV);
              expect(out).not.toContain(SECRET_FILE);
            }
          }
          expect((await s.bed().run(['cat', '/etc/systemd/system/private-app.service'], u)).stdout).toContain('PUBLIC=written-in-the-file');
          // the private folder is closed to `u`, and its files are 0600 root
          const listing = await s.bed().run(['ls', '/etc/compose2systemd/private'], u);
          expect(listing.code).not.toBe(0);
          const modes = await s.bed().sh('stat -c "%a %U %n" /etc/compose2systemd/private /etc/compose2systemd/private/*', { check: true });
          const lines = modes.stdout.trim().split('\n');
          expect(lines[0]).toBe('700 root /etc/compose2systemd/private');
          for (const line of lines.slice(1)) expect(line).toMatch(/^600 root /);
          // and no process of the bed shows a value on its command line
          const ps = await s.bed().run(['sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "'], u);
          expect(ps.stdout).not.toContain(SECRET_ENV);
          expect(ps.stdout).not.toContain(SECRET_FILE);
        });
      },
      { only: 'podman5' },
    );
  },
  { beds: ['podman5'] },
);
