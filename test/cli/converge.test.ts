// Injected failures at each file change and each systemctl call of `up` and `down`; a re-run converges.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FailureMode } from '../apply/fake-host.js';
import { FIXTURES, Machine, UNIT_DIR } from './harness.js';

const SHOP = readFileSync(join(FIXTURES, 'shop', 'compose.yaml'), 'utf8');
/** db's image changes and cache leaves: updates, deletes, stops and restarts in one run. */
const NEXT = SHOP.replace('postgres:16', 'postgres:17')
  .replace(/      cache:\n        condition: service_started\n/, '')
  .replace(/  cache:\n    image: docker.io\/library\/redis:7\n/, '');
const NEXT_UNITS = ['shop-dbdata-volume.service', 'shop-default-network.service', 'shop-db-image.service', 'shop-web-image.service', 'shop-db.service', 'shop-web.service', 'shop.target'];
const SHOP_UNITS = [...NEXT_UNITS, 'shop-cache-image.service', 'shop-cache.service'];
/** web may be restarted twice (StartLimitBurst=3, StartLimitIntervalSec=infinity). */
const limited = (text: string) => text.replace('    ports: ["8080:80"]\n', '    ports: ["8080:80"]\n    restart: on-failure:2\n');

let machines: Machine[] = [];
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

interface Scenario {
  readonly name: string;
  /** Brings the machine to the state before the run under test. */
  readonly before: (m: Machine) => Promise<void>;
  readonly args: string[];
  readonly units: readonly string[];
}

const scenarios: Scenario[] = [
  { name: 'first install', before: async () => {}, args: ['up'], units: SHOP_UNITS },
  {
    name: 'an update that changes, removes and restarts',
    before: async (m) => {
      expect((await m.run(['up'])).code).toBe(0);
      m.compose(NEXT);
    },
    args: ['up'],
    units: NEXT_UNITS,
  },
  {
    name: 'an update while a unit is at its start limit: reset-failed, then the restarts',
    before: async (m) => {
      expect((await m.compose(limited(SHOP)).run(['up'])).code).toBe(0);
      for (let i = 0; i < 3; i++) m.systemd.crash('shop-web.service');
      expect(m.systemd.results.get('shop-web.service')).toBe('start-limit-hit');
      m.compose(limited(NEXT));
    },
    args: ['up'],
    units: NEXT_UNITS,
  },
  {
    name: 'down',
    before: async (m) => {
      expect((await m.run(['up'])).code).toBe(0);
      m.systemd.networks.add('shop_default');
      m.systemd.labels.set('shop_default', 'shop');
    },
    args: ['down'],
    units: [],
  },
];

/** A fresh machine in the scenario's starting state, with call logs cleared. */
async function prepare(s: Scenario): Promise<Machine> {
  const m = new Machine();
  machines.push(m);
  await s.before(m);
  m.host.clearCalls();
  return m;
}

/** The unit directory, with the project's temp folder (named in every marker) made neutral. */
function disk(m: Machine): Record<string, string> {
  return Object.fromEntries(Object.entries(m.host.snapshot(UNIT_DIR)).map(([p, text]) => [p, text.replaceAll(m.dir, '<project>')]));
}

function expectConverged(m: Machine, s: Scenario, clean: Record<string, string>): void {
  expect(m.systemd.convergenceProblems(s.units, 'shop-')).toEqual([]);
  expect(disk(m)).toEqual(clean);
  if (s.args[0] === 'down') expect([...m.systemd.networks]).toEqual([]);
}

describe.each(scenarios)('$name', (s) => {
  it('counts its file changes and systemctl calls in a clean run', async () => {
    const m = await prepare(s);
    const mutationsBefore = m.host.mutations;
    const callsBefore = m.systemd.mutations;
    expect((await m.run(s.args)).code).toBe(0);
    expect(m.host.mutations - mutationsBefore).toBeGreaterThan(1);
    expect(m.systemd.mutations - callsBefore).toBeGreaterThan(1);
  });

  it('a failure at any file change, then a re-run, converges', async () => {
    const clean = await prepare(s);
    const start = clean.host.mutations;
    await clean.run(s.args);
    const total = clean.host.mutations - start;
    const cleanDisk = disk(clean);
    for (const mode of ['crash', 'crash-partial', 'error'] as FailureMode[]) {
      for (let n = 1; n <= total; n++) {
        const m = await prepare(s);
        m.host.failMutation(n, mode);
        const failed = await m.run(s.args);
        expect(failed.code, `${mode} at ${n}`).not.toBe(0);
        m.host.revive();
        const again = await m.run(s.args);
        expect(again.code, `${mode} at ${n}: ${again.stderr}`).toBe(0);
        expectConverged(m, s, cleanDisk);
      }
    }
  });

  it('a failed systemctl call at any point, then a re-run, converges', async () => {
    const clean = await prepare(s);
    const start = clean.systemd.mutations;
    const logStart = clean.systemd.log.length;
    await clean.run(s.args);
    const total = clean.systemd.mutations - start;
    const calls = clean.systemd.log.slice(logStart);
    const cleanDisk = disk(clean);
    for (let n = 1; n <= total; n++) {
      const m = await prepare(s);
      m.systemd.failSystemctl(n);
      const failed = await m.run(s.args);
      // down's reset-failed is allowed to fail (some units may not be loaded): the run goes on
      const tolerated = / reset-failed /.test(calls[n - 1] ?? '') && s.args[0] === 'down';
      expect(failed.code, `systemctl call ${n}: ${calls[n - 1]}`).toBe(tolerated ? 0 : 1);
      if (!tolerated) expect(failed.stderr).toContain('error[C807]');
      const again = await m.run(s.args);
      expect(again.code, `systemctl call ${n}: ${again.stderr}`).toBe(0);
      expectConverged(m, s, cleanDisk);
    }
  });
});
