// Crash-safe apply, with private files: one test per filesystem step of a clean `up` or `down` (the list is taken
// from that run), each killed there (with and without a half-written temp file) and run again. At the kill and
// after the re-run: no file is truncated, no foreign file is touched, no private file is readable by others;
// after the re-run the machine equals the clean run's result.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Call, FailureMode } from '../apply/fake-host.js';
import { FIXTURES, HOME, Machine, UNIT_DIR } from './harness.js';

const PRIVATE = `${HOME}/.config/compose2systemd/shop`;
/** shop with a password from .env and a secret from the OS environment: an env file and a secret file. */
const SHOP = readFileSync(join(FIXTURES, 'shop', 'compose.yaml'), 'utf8')
  .replace('POSTGRES_PASSWORD: example', 'POSTGRES_PASSWORD: ${DB_PASSWORD}')
  .replace('    volumes:\n      - dbdata:', '    secrets: [api_key]\n    volumes:\n      - dbdata:')
  .concat('secrets:\n  api_key:\n    environment: API_KEY\n');
/** New values for both private files; cache leaves (a unit deleted, web restarted). */
const NEXT = SHOP.replace(/      cache:\n        condition: service_started\n/, '').replace(/  cache:\n    image: docker.io\/library\/redis:7\n/, '');

/** Files of others, on the same disk: a unit of the user's, another project's private file, a note in ours. */
const FOREIGN: Readonly<Record<string, string>> = {
  [`${UNIT_DIR}/backup.service`]: '[Service]\nExecStart=/usr/bin/true\n',
  [`${UNIT_DIR}/shop-notes.txt`]: 'written by hand\n',
  [`${HOME}/.config/compose2systemd/other/other-db.env`]: 'PASSWORD=not ours\n',
};

interface Scenario {
  readonly name: string;
  readonly before: (m: Machine) => Promise<void>;
  readonly args: string[];
  readonly env: Record<string, string>;
}

const firstEnv = { API_KEY: 'api-key-one-3b9f' };
const secondEnv = { API_KEY: 'api-key-two-71ce' };
const SECRETS = ['db-password-one-a41c', 'db-password-two-5d0e', firstEnv.API_KEY, secondEnv.API_KEY];

const scenarios: Scenario[] = [
  { name: 'first install', before: async () => {}, args: ['up'], env: firstEnv },
  {
    name: 'an update: new private values, a service removed',
    before: async (m) => {
      expect((await m.run(['up'], { env: firstEnv })).code).toBe(0);
      m.compose(NEXT);
      writeFileSync(join(m.dir, '.env'), `DB_PASSWORD=${SECRETS[1]}\n`);
    },
    args: ['up'],
    env: secondEnv,
  },
  {
    name: 'down',
    before: async (m) => {
      expect((await m.run(['up'], { env: firstEnv })).code).toBe(0);
    },
    args: ['down'],
    env: firstEnv,
  },
];

const machines: Machine[] = [];
afterAll(() => machines.forEach((m) => m.cleanup()));

async function prepare(s: Scenario): Promise<Machine> {
  const m = new Machine(SHOP);
  machines.push(m);
  writeFileSync(join(m.dir, '.env'), `DB_PASSWORD=${SECRETS[0]}\n`);
  for (const [path, text] of Object.entries(FOREIGN)) m.host.seedFile(path, text);
  m.host.modes.set(`${HOME}/.config/compose2systemd/other/other-db.env`, 0o600);
  await s.before(m);
  m.host.clearCalls();
  return m;
}

/** The whole fake disk, with the project's temp folder (named in markers and records) made neutral. */
function disk(m: Machine): Record<string, string> {
  return Object.fromEntries(Object.entries(m.host.snapshot('/')).map(([p, text]) => [p, text.replaceAll(m.dir, '<project>')]));
}

const mutationPath = (c: Call) => (c.op === 'writeFileAtomic' || c.op === 'removeFile' || c.op === 'mkdirp' ? c.path : undefined);

/** The filesystem steps of the scenario's clean run, in order, and the disk before and after it. */
async function cleanRun(s: Scenario) {
  const m = await prepare(s);
  const before = disk(m);
  const r = await m.run(s.args, { env: s.env });
  expect(r.code, r.stderr).toBe(0);
  const steps = m.host.calls.flatMap((c) => (mutationPath(c) !== undefined ? [`${c.op} ${mutationPath(c)}`] : []));
  const units = Object.keys(m.host.snapshot(UNIT_DIR)).flatMap((p) => {
    const name = p.slice(UNIT_DIR.length + 1);
    return /^shop[-.][^/]*\.(service|target)$/.test(name) ? [name] : [];
  });
  return { before, after: disk(m), steps, units, modes: new Map(m.host.modes) };
}

const plans = await Promise.all(scenarios.map(async (s) => ({ s, clean: await cleanRun(s) })));

const finalPathOf = (temp: string) => temp.replace(/\/\.([^/]*)\.c2s-tmp$/, '/$1');

/** No secret anywhere but in a private file; every file of the private folder (temp files too) 0600. */
function expectPrivate(m: Machine, cleanModes: ReadonlyMap<string, number>): void {
  for (const [path, text] of Object.entries(m.host.snapshot('/'))) {
    const inPrivate = path.startsWith(`${HOME}/.config/compose2systemd/`);
    if (!inPrivate) expect(SECRETS.filter((v) => text.includes(v)), path).toEqual([]);
    else if (SECRETS.some((v) => text.includes(v))) expect(m.host.modes.get(path), path).toBe(0o600);
    // a half-written temp file holds part of a value: it has its file's mode from its creation on
    if (inPrivate && path.endsWith('.c2s-tmp')) expect(m.host.modes.get(path), path).toBe(cleanModes.get(finalPathOf(path)));
  }
  const dirMode = m.host.modes.get(PRIVATE);
  if (dirMode !== undefined) expect(dirMode).toBe(0o700);
}

describe.each(plans)('$s.name', ({ s, clean }) => {
  it('its clean run has filesystem steps on the private folder, listed here', () => {
    expect(clean.steps.some((step) => step.includes(`${PRIVATE}/`))).toBe(true);
    expect(clean.steps.length).toBeGreaterThan(3);
    expect(clean.units.length > 0).toBe(s.args[0] !== 'down');
  });

  const cases = clean.steps.flatMap((step, i) => (['crash', 'crash-partial'] as FailureMode[]).map((mode) => ({ n: i + 1, step, mode })));
  it.each(cases)('killed at step $n ($step, $mode), then run again: converges, nothing truncated, nothing foreign touched, nothing readable', async ({ n, mode }) => {
    const m = await prepare(s);
    m.host.failMutation(n, mode);
    const killed = await m.run(s.args, { env: s.env });
    expect(killed.code).not.toBe(0);
    expect(m.host.crashed).toBe(true);

    // at the kill: each file is whole, as before the run or as after it; only a temp file may be half written
    for (const [path, text] of Object.entries(disk(m))) {
      if (path.endsWith('.c2s-tmp')) continue;
      // the intent record lives only while a run is unfinished: whole JSON, the run's own
      if (path.endsWith('.pending.json')) {
        expect(() => JSON.parse(text), path).not.toThrow();
        continue;
      }
      expect([clean.before[path], clean.after[path]], path).toContain(text);
    }
    for (const [path, text] of Object.entries(FOREIGN)) expect(m.host.peek(path), path).toBe(text);
    expectPrivate(m, clean.modes);

    m.host.revive();
    const again = await m.run(s.args, { env: s.env });
    expect(again.code, again.stderr).toBe(0);
    expect(disk(m)).toEqual(clean.after);
    for (const [path, mode] of clean.modes) if (m.host.peek(path) !== undefined) expect(m.host.modes.get(path), path).toBe(mode);
    expectPrivate(m, clean.modes);
    // never a call on a foreign file, in either run
    const touched = m.host.calls.flatMap((c) => (mutationPath(c) !== undefined && c.op !== 'mkdirp' ? [mutationPath(c)!] : []));
    expect(touched.filter((p) => p in FOREIGN || p.startsWith(`${HOME}/.config/compose2systemd/other`))).toEqual([]);
    expect(m.systemd.convergenceProblems(clean.units, 'shop-')).toEqual([]);
  });
});
