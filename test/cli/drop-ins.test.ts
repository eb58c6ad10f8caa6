// Drop-ins an admin adds (`systemctl edit`, UNIT.d/*.conf) are not compose2systemd's: up, diff and down never
// write, list as changes or remove them, even when the unit beside them is rewritten or removed; status lists them.
import { afterEach, describe, expect, it } from 'vitest';
import { Machine, UNIT_DIR } from './harness.js';

let machines: Machine[] = [];
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

const DROP_IN = `${UNIT_DIR}/shop-web.service.d/limits.conf`;
const OVERRIDE = `${UNIT_DIR}/shop-web.service.d/override.conf`;
const LIMITS = '[Service]\nMemoryMax=256M\n';

/** Every filesystem call (read-only ones too) that reached into a drop-in folder. */
const touchedDropIns = (m: Machine) => m.host.calls.filter((c) => 'path' in c && c.path.includes('.service.d')).map((c) => `${c.op} ${'path' in c ? c.path : ''}`);

async function installedWithDropIn(): Promise<Machine> {
  const m = new Machine();
  machines.push(m);
  expect((await m.run(['up'])).code).toBe(0);
  m.host.seedFile(DROP_IN, LIMITS).seedFile(OVERRIDE, '[Unit]\nDescription=edited\n');
  m.host.clearCalls();
  return m;
}

const webChanged = (m: Machine) => m.compose(m.composeText().replace('8080:80', '8081:80'));

describe('drop-ins', () => {
  it('survive an up that rewrites and restarts their unit', async () => {
    const m = await installedWithDropIn();
    webChanged(m);
    const r = await m.run(['up']);
    expect(r.code).toBe(0);
    // the unit beside the drop-ins was rewritten and restarted...
    expect(m.host.calls.some((c) => c.op === 'writeFileAtomic' && c.path === `${UNIT_DIR}/shop-web.service`)).toBe(true);
    expect(m.systemd.log.some((l) => l.includes('restart') && l.includes('shop-web.service'))).toBe(true);
    // ...and the drop-ins were neither read, written nor removed
    expect(touchedDropIns(m)).toEqual([]);
    expect(m.host.peek(DROP_IN)).toBe(LIMITS);
    expect(r.stderr).not.toContain('.service.d');
  });

  it('are not differences for diff', async () => {
    const m = await installedWithDropIn();
    const same = await m.run(['diff']);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^# No unit file changes\./);
    expect(same.stdout).not.toContain('.service.d');
    webChanged(m);
    const changed = await m.run(['diff']);
    expect(changed.stdout).toContain('shop-web.service');
    expect(changed.stdout).not.toContain('.service.d');
    expect(touchedDropIns(m)).toEqual([]);
  });

  it('survive down, which removes every unit of the project', async () => {
    const m = await installedWithDropIn();
    const r = await m.run(['down']);
    expect(r.code).toBe(0);
    expect(m.host.peek(`${UNIT_DIR}/shop-web.service`)).toBeUndefined();
    expect(m.host.peek(DROP_IN)).toBe(LIMITS);
    expect(m.host.calls.filter((c) => c.op === 'removeFile' && c.path.includes('.service.d'))).toEqual([]);
    // a second up finds them in place, and status names them again
    expect((await m.run(['up'])).code).toBe(0);
    expect((await m.run(['status'])).stderr).toContain(`shop-web.service: ${DROP_IN}`);
  });

  it('status lists them after the table (stderr) and in JSON; a project without drop-ins gets no note', async () => {
    const m = await installedWithDropIn();
    const r = await m.run(['status']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`note: drop-ins in effect (kept by up and down; they change the generated units):\n  shop-web.service: ${DROP_IN}\n  shop-web.service: ${OVERRIDE}\n`);
    const json = JSON.parse((await m.run(['status', '--format', 'json'])).stdout) as { units: { unit: string; dropIns: string[] }[] };
    expect(json.units.find((u) => u.unit === 'shop-web.service')!.dropIns).toEqual([DROP_IN, OVERRIDE]);
    expect(json.units.find((u) => u.unit === 'shop-db.service')!.dropIns).toEqual([]);

    const bare = new Machine();
    machines.push(bare);
    await bare.run(['up']);
    expect((await bare.run(['status'])).stderr).toBe('');
  });
});
