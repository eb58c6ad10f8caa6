// Faults at run time on the fake machine: a unit killed so that its container outlives it (podman 5.4's
// `systemctl kill -s SIGKILL`), and containers of the project made outside any unit. `up` must converge on
// the first try and `down` must always converge, and a second `down` must do nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { isReadOnlyCommand } from '../../src/apply/dry-run-host.js';
import { Machine } from './harness.js';

let machines: Machine[] = [];
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

async function running(): Promise<Machine> {
  const m = new Machine();
  machines.push(m);
  expect((await m.run(['up'])).code).toBe(0);
  m.systemd.networks.add('shop_default');
  m.systemd.labels.set('shop_default', 'shop');
  return m;
}

const mutatingCommands = (m: Machine) => m.host.calls.flatMap((c) => (c.op === 'run' && !isReadOnlyCommand(c.argv) ? [c.argv.join(' ')] : []));
const names = (m: Machine) => [...m.systemd.containers.values()].map((c) => c.name).sort();

describe('a unit killed with its container left running', () => {
  it('the fake reproduces the fault: without removing the stray container, a start fails', async () => {
    const m = await running();
    const web = m.systemd.containerOf('shop-web.service')!;
    m.systemd.kill('shop-web.service');
    expect(m.systemd.containers.get(web.id)?.stray).toBe(true);
    m.systemd.failed.delete('shop-web.service');
    expect((await m.host.run(['systemctl', '--user', 'start', 'shop-web.service'])).code).toBe(0);
    expect(m.systemd.failed.has('shop-web.service')).toBe(true);
  });

  it('up removes the stray container before it starts the unit, and converges at once', async () => {
    const m = await running();
    const web = m.systemd.containerOf('shop-web.service')!;
    m.systemd.kill('shop-web.service');
    m.host.clearCalls();
    const r = await m.run(['up']);
    expect(r.code).toBe(0);
    const cmds = mutatingCommands(m);
    const rm = cmds.indexOf(`podman rm --force --ignore --time 10 ${web.id}`);
    expect(rm).toBeGreaterThanOrEqual(0);
    expect(rm).toBeLessThan(cmds.findIndex((c) => c.startsWith('systemctl --user start')));
    expect(m.systemd.running.has('shop-web.service')).toBe(true);
    expect(m.systemd.containers.has(web.id)).toBe(false);
    expect(m.systemd.containerOf('shop-web.service')).toBeDefined();
  });

  it('up leaves the containers of running units alone', async () => {
    const m = await running();
    const before = names(m);
    m.host.clearCalls();
    expect((await m.run(['up'])).code).toBe(0);
    expect(mutatingCommands(m).filter((c) => c.startsWith('podman rm'))).toEqual([]);
    expect(names(m)).toEqual(before);
  });

  it('down removes the stray container before the network, exits 0, and a second down does nothing', async () => {
    const m = await running();
    m.systemd.kill('shop-web.service');
    const r = await m.run(['down']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(names(m)).toEqual([]);
    expect([...m.systemd.networks]).toEqual([]);
    m.host.clearCalls();
    const again = await m.run(['down']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to remove/);
    expect(mutatingCommands(m)).toEqual([]);
  });

  it('down removes containers and pods with the project label made outside any unit, never another project\'s', async () => {
    const m = await running();
    m.systemd.addContainer('shop-debug', 'shop', ['shop_default']);
    m.systemd.addContainer('other-web', 'other');
    m.systemd.pods.set('shop', 'shop');
    m.systemd.pods.set('other', 'other');
    const r = await m.run(['down', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { containers: string[]; pods: string[]; networks: string[] };
    expect([out.containers, out.pods, out.networks]).toEqual([['shop-debug'], ['shop'], ['shop_default']]);
    expect(names(m)).toEqual(['other-web']);
    expect([...m.systemd.pods.keys()]).toEqual(['other']);
    expect((await m.run(['down'])).code).toBe(0);
  });

  it('podman 5.4: the first podman rm of the killed unit\'s container exits 125 and only stops it; up and down try once more and converge', async () => {
    for (const verb of ['up', 'down']) {
      const m = await running();
      m.systemd.podmanVersion = '5.4.2';
      const web = m.systemd.containerOf('shop-web.service')!;
      m.systemd.kill('shop-web.service');
      m.host.clearCalls();
      const r = await m.run([verb, '--format', 'units']);
      expect([verb, r.code, r.stderr]).toEqual([verb, 0, '']);
      const rms = mutatingCommands(m).filter((c) => c === `podman rm --force --ignore --time 10 ${web.id}`);
      expect(rms).toHaveLength(2);
      expect(m.systemd.containers.has(web.id)).toBe(false);
    }
  });

  it('down of a project whose units are gone still removes its orphans (no record, -p NAME)', async () => {
    const m = await running();
    m.systemd.kill('shop-db.service');
    expect((await m.run(['down'])).code).toBe(0);
    m.systemd.addContainer('shop-db-1', 'shop', ['shop_default']);
    m.systemd.networks.add('shop_default');
    m.systemd.labels.set('shop_default', 'shop');
    const r = await m.run(['down', '-p', 'shop']);
    expect(r.code).toBe(0);
    expect(names(m)).toEqual([]);
    expect([...m.systemd.networks]).toEqual([]);
  });
});
