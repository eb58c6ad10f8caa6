// Values that are not written in the compose file (here from .env) on the fake machine: they land only in the
// project's private folder (0700, files 0600, no marker, no hash in its record), never in a unit or a command;
// reviews show where each value comes from, --show-secrets the value; down removes the folder's files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isReadOnlyCommand } from '../../src/apply/dry-run-host.js';
import { parseRecord } from '../../src/apply/record.js';
import { FIXTURES, HOME, Machine, UNIT_DIR } from './harness.js';

const SHOP = readFileSync(join(FIXTURES, 'shop', 'compose.yaml'), 'utf8').replace('POSTGRES_PASSWORD: example', 'POSTGRES_PASSWORD: ${DB_PASSWORD}');
const PRIVATE = `${HOME}/.config/compose2systemd/shop`;
const SECRET = 'correct horse battery staple';

let machines: Machine[] = [];
function machine(): Machine {
  const m = new Machine(SHOP);
  writeFileSync(join(m.dir, '.env'), `DB_PASSWORD=${SECRET}\n`);
  machines.push(m);
  return m;
}
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

const everything = (m: Machine) => Object.entries(m.host.snapshot('/'));

describe('a value from .env', () => {
  it('is installed only in the private folder: 0700, its file 0600, no marker, no hash in the record', async () => {
    const m = machine();
    const r = await m.run(['up']);
    expect(r.code).toBe(0);
    expect(m.host.peek(`${PRIVATE}/shop-db.env`)).toBe(`# The environment of service db that is not written in the compose file (compose2systemd).\nPOSTGRES_PASSWORD=${SECRET}\n`);
    expect(m.host.modes.get(`${PRIVATE}/shop-db.env`)).toBe(0o600);
    expect(m.host.modes.get(PRIVATE)).toBe(0o700);
    const record = parseRecord(m.host.peek(`${PRIVATE}/.compose2systemd/shop.json`)!, 'shop')!;
    expect(record.files).toEqual([{ name: 'shop-db.env', hash: '' }]);
    // nowhere else: not in a unit, a record, the output, or any command that ran
    const leaks = everything(m).filter(([path, text]) => path !== `${PRIVATE}/shop-db.env` && text.includes(SECRET)).map(([p]) => p);
    expect(leaks).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(m.host.calls.some((c) => c.op === 'run' && c.argv.join(' ').includes(SECRET))).toBe(false);
    expect(m.host.peek(`${UNIT_DIR}/shop-db.service`)).toContain('--env-file %E/compose2systemd/shop/shop-db.env');
  });

  it('a review shows where the value comes from, --show-secrets the value', async () => {
    const m = machine();
    const r = await m.run(['up', '--dry-run']);
    expect(r.stdout).toContain(`# ${PRIVATE}\n`);
    expect(r.stdout).toContain('+POSTGRES_PASSWORD=<from $DB_PASSWORD>\n');
    expect(r.stdout).not.toContain(SECRET);
    const shown = await m.run(['diff', '--show-secrets']);
    expect(shown.stdout).toContain(`+POSTGRES_PASSWORD=${SECRET}\n`);
  });

  it('a changed value rewrites only the private file and restarts the service that reads it', async () => {
    const m = machine();
    await m.run(['up']);
    writeFileSync(join(m.dir, '.env'), 'DB_PASSWORD=another\n');
    const review = await m.run(['diff']);
    expect(review.stdout).toContain('--- a/shop-db.env\n+++ b/shop-db.env\n# the values are not shown (--show-secrets shows them)\n');
    expect(review.stdout).not.toContain('another');
    m.host.clearCalls();
    expect((await m.run(['up'])).code).toBe(0);
    expect(m.host.calls.filter((c) => c.op === 'writeFileAtomic').map((c) => ('path' in c ? c.path : ''))).toEqual([`${UNIT_DIR}/.compose2systemd/shop.pending.json`, `${PRIVATE}/shop-db.env`]);
    expect(m.host.peek(`${PRIVATE}/shop-db.env`)).toContain('POSTGRES_PASSWORD=another\n');
    const commands = m.host.calls.flatMap((c) => (c.op === 'run' && !isReadOnlyCommand(c.argv) ? [c.argv.join(' ')] : []));
    expect(commands).toContain('systemctl --user restart --no-block shop-db.service shop-web.service');
    expect(m.systemd.convergenceProblems(['shop-db.service', 'shop-web.service'], 'shop-web.service')).toEqual([]);
  });

  it('down removes the private files with the units', async () => {
    const m = machine();
    await m.run(['up']);
    expect((await m.run(['down'])).code).toBe(0);
    expect(Object.keys(m.host.snapshot(PRIVATE))).toEqual([]);
  });
});
