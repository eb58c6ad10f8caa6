import { describe, expect, it } from 'vitest';
import {
  classifyStatus,
  createSystemdDriver,
  journalArgv,
  lingerArgv,
  parseShow,
  showArgv,
  systemctlArgv,
  toUnitStatus,
  waitForUnits,
  type UnitStatus,
} from '../../src/apply/systemctl.js';
import { FakeHost } from './fake-host.js';

describe('argv builders', () => {
  it.each([
    { argv: systemctlArgv('user', 'daemon-reload'), expected: ['systemctl', '--user', 'daemon-reload'] },
    { argv: systemctlArgv('system', 'start', ['myapp.target'], ['--no-block']), expected: ['systemctl', 'start', '--no-block', 'myapp.target'] },
    { argv: systemctlArgv('user', 'stop', ['b.service', 'a.service']), expected: ['systemctl', '--user', 'stop', 'b.service', 'a.service'] },
    { argv: showArgv('user', ['a.service'], ['ActiveState']), expected: ['systemctl', '--user', 'show', '--property=ActiveState', 'a.service'] },
    { argv: journalArgv('user', ['a.service', 'b.service'], { lines: 20 }), expected: ['journalctl', '--no-pager', '--output=short-iso', '--lines=20', '--user-unit=a.service', '--user-unit=b.service'] },
    { argv: journalArgv('system', ['a.service'], { follow: true }), expected: ['journalctl', '--no-pager', '--output=short-iso', '--follow', '--unit=a.service'] },
    { argv: lingerArgv('alice'), expected: ['loginctl', 'show-user', 'alice', '--property=Linger'] },
  ])('$expected', ({ argv, expected }) => {
    expect(argv).toEqual(expected);
  });
});

describe('parseShow', () => {
  it('splits units on blank lines and keys on the first =', () => {
    const text = 'Id=a.service\nActiveState=active\nEnvironment=A=1 B=2\n\nId=b.service\nActiveState=failed\nResult=\n';
    expect(parseShow(text).map((m) => Object.fromEntries(m))).toEqual([
      { Id: 'a.service', ActiveState: 'active', Environment: 'A=1 B=2' },
      { Id: 'b.service', ActiveState: 'failed', Result: '' },
    ]);
  });

  it('tolerates CRLF, leading and repeated blank lines', () => {
    expect(parseShow('\n\nA=1\r\n\n\nB=2\n').map((m) => Object.fromEntries(m))).toEqual([{ A: '1' }, { B: '2' }]);
  });
});

const status = (props: Record<string, string>): UnitStatus => toUnitStatus('u.service', new Map(Object.entries({ LoadState: 'loaded', ...props })));

describe('classifyStatus', () => {
  it.each<{ props: Record<string, string>; expected: string }>([
    { props: { ActiveState: 'active', SubState: 'running' }, expected: 'active' },
    // a restart queued (a changed unit, a job run again by --rerun-jobs) has not begun: its outcome is to come
    { props: { ActiveState: 'active', SubState: 'exited', Job: '77' }, expected: 'pending' },
    { props: { ActiveState: 'activating', SubState: 'start' }, expected: 'pending' },
    { props: { ActiveState: 'activating', SubState: 'auto-restart' }, expected: 'pending' },
    { props: { ActiveState: 'failed', Result: 'exit-code' }, expected: 'failed' },
    { props: { ActiveState: 'inactive', Result: 'success', Job: '42' }, expected: 'pending' },
    { props: { ActiveState: 'inactive', Result: 'success' }, expected: 'exited' },
    { props: { ActiveState: 'inactive', Result: 'success', ExecMainStartTimestampMonotonic: '81234567' }, expected: 'exited' },
    // its start job was cancelled because a unit it requires failed: it never ran
    { props: { ActiveState: 'inactive', Result: 'success', ExecMainStartTimestampMonotonic: '0' }, expected: 'failed' },
    { props: { ActiveState: 'inactive', Result: 'exit-code' }, expected: 'failed' },
    // its ExecCondition= skipped it (an image that is present already): done, though its main process never ran
    { props: { ActiveState: 'inactive', Result: 'exec-condition', ExecMainStartTimestampMonotonic: '0' }, expected: 'exited' },
    { props: { LoadState: 'not-found', ActiveState: 'inactive' }, expected: 'failed' },
    { props: { LoadState: 'bad-setting', ActiveState: 'inactive' }, expected: 'failed' },
  ])('$props -> $expected', ({ props, expected }) => {
    expect(classifyStatus(status(props))).toBe(expected);
  });

  it('reads restart count and exit status as numbers', () => {
    expect(status({ NRestarts: '3', ExecMainStatus: '143' })).toMatchObject({ restarts: 3, exitStatus: 143, jobPending: false });
    expect(status({ NRestarts: '' })).toMatchObject({ restarts: undefined });
  });
});

describe('SystemdDriver over the fake host', () => {
  it('runs systemctl --user verbs exactly', async () => {
    const host = new FakeHost();
    const driver = createSystemdDriver(host, 'user');
    await driver.run('daemon-reload');
    await driver.run('start', ['myapp.target'], ['--no-block']);
    expect(host.calls.map((c) => (c.op === 'run' ? c.argv.join(' ') : c.op))).toEqual(['systemctl --user daemon-reload', 'systemctl --user start --no-block myapp.target']);
  });

  it('maps show output to statuses in the order asked, and reports a failed show', async () => {
    const host = new FakeHost().onRun(['systemctl', '--user', 'show'], {
      code: 0,
      stdout: 'Id=a.service\nLoadState=loaded\nActiveState=active\nSubState=running\nNRestarts=0\n\nId=b.service\nLoadState=loaded\nActiveState=failed\nResult=exit-code\n',
      stderr: '',
    });
    const driver = createSystemdDriver(host, 'user');
    const { statuses } = await driver.status(['a.service', 'b.service']);
    expect(statuses?.map((s) => [s.unit, s.activeState, classifyStatus(s)])).toEqual([
      ['a.service', 'active', 'active'],
      ['b.service', 'failed', 'failed'],
    ]);
    host.onRun(['systemctl'], { code: 1, stdout: '', stderr: 'Failed to connect to bus' });
    expect((await driver.status(['a.service'])).statuses).toBeUndefined();
  });

  it('reads lingering', async () => {
    const host = new FakeHost();
    const driver = createSystemdDriver(host, 'user');
    host.onRun(['loginctl'], { code: 0, stdout: 'Linger=no\n', stderr: '' });
    expect(await driver.lingers('alice')).toBe(false);
    host.onRun(['loginctl'], { code: 0, stdout: 'Linger=yes\n', stderr: '' });
    expect(await driver.lingers('alice')).toBe(true);
    host.onRun(['loginctl'], { code: 1, stdout: '', stderr: 'no such user' });
    expect(await driver.lingers('alice')).toBeUndefined();
  });
});

describe('waitForUnits', () => {
  const block = (unit: string, active: string, extra = '') => `Id=${unit}\nLoadState=loaded\nActiveState=${active}\n${extra}`;

  it('polls until every unit settles, reporting progress each time', async () => {
    const host = new FakeHost().onRun(['systemctl', '--user', 'show'], (_argv, n) => ({
      code: 0,
      stdout: n < 3 ? `${block('db.service', 'active')}\n${block('web.service', 'activating')}` : `${block('db.service', 'active')}\n${block('web.service', 'failed', 'Result=exit-code\n')}`,
      stderr: '',
    }));
    const seen: string[][] = [];
    const outcomes = await waitForUnits(host, createSystemdDriver(host, 'user'), ['db.service', 'web.service'], {
      timeoutMs: 10_000,
      intervalMs: 500,
      onProgress: (s) => seen.push(s.map((x) => x.activeState)),
    });
    expect(outcomes.map((o) => [o.unit, o.outcome])).toEqual([
      ['db.service', 'active'],
      ['web.service', 'failed'],
    ]);
    expect(seen).toEqual([
      ['active', 'activating'],
      ['active', 'activating'],
      ['active', 'failed'],
    ]);
    expect(host.now()).toBe(1000);
  });

  it('counts a unit as failed, without waiting for the timeout, once a unit it cannot start without failed', async () => {
    // web retries forever (restart: on-failure) while its start check refuses migrate's failed state; api's blocker is active
    const host = new FakeHost().onRun(['systemctl'], {
      code: 0,
      stdout: [block('migrate.service', 'failed', 'Result=signal\n'), block('db.service', 'active'), block('web.service', 'activating', 'SubState=auto-restart\n'), block('api.service', 'activating')].join('\n'),
      stderr: '',
    });
    const blockers = new Map([
      ['web.service', ['db.service', 'migrate.service']],
      ['api.service', ['db.service']],
    ]);
    const units = ['migrate.service', 'db.service', 'web.service', 'api.service'];
    const outcomes = await waitForUnits(host, createSystemdDriver(host, 'user'), units, { timeoutMs: 2_000, intervalMs: 500, blockers });
    expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'active', 'failed', 'timeout']);
    // without the blockers web would be pending too: the same answer only at the timeout
    const plain = await waitForUnits(host, createSystemdDriver(host, 'user'), units, { timeoutMs: 2_000, intervalMs: 500 });
    expect(plain.map((o) => o.outcome)).toEqual(['failed', 'active', 'timeout', 'timeout']);
  });

  it('gives up at the timeout and names the units still pending', async () => {
    const host = new FakeHost().onRun(['systemctl'], { code: 0, stdout: `${block('db.service', 'active')}\n${block('web.service', 'activating')}`, stderr: '' });
    const outcomes = await waitForUnits(host, createSystemdDriver(host, 'user'), ['db.service', 'web.service'], { timeoutMs: 2_000, intervalMs: 500 });
    expect(outcomes.map((o) => o.outcome)).toEqual(['active', 'timeout']);
    expect(host.now()).toBe(2_000);
  });
});
