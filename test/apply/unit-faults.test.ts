// unitFaults: systemd's ExecMainCode/ExecMainStatus/Result/NRestarts/Restart -> the facts and phrase of `status`.
import { describe, expect, it } from 'vitest';
import { toUnitStatus } from '../../src/apply/systemctl.js';
import { describeExit, lastExitOf, signalName, unitFaults } from '../../src/apply/unit-faults.js';
import { describeStatus } from '../../src/apply/up.js';

const status = (props: Record<string, string>) => toUnitStatus('u.service', new Map(Object.entries({ LoadState: 'loaded', ActiveState: 'failed', SubState: 'failed', Result: 'exit-code', Restart: 'no', NRestarts: '0', ...props })));

describe('lastExitOf', () => {
  it.each([
    [{ ExecMainCode: '0', ExecMainStatus: '0' }, null],
    [{}, null],
    [{ ExecMainCode: '1', ExecMainStatus: '0' }, { code: 'exited', status: 0 }],
    [{ ExecMainCode: '1', ExecMainStatus: '143' }, { code: 'exited', status: 143, signal: 'SIGTERM' }],
    [{ ExecMainCode: '1', ExecMainStatus: '128' }, { code: 'exited', status: 128 }],
    [{ ExecMainCode: '1', ExecMainStatus: '200' }, { code: 'exited', status: 200 }],
    [{ ExecMainCode: '2', ExecMainStatus: '15' }, { code: 'killed', status: 15, signal: 'SIGTERM' }],
    [{ ExecMainCode: '3', ExecMainStatus: '11' }, { code: 'dumped', status: 11, signal: 'SIGSEGV' }],
  ])('%j -> %j', (props, expected) => {
    expect(lastExitOf(status(props))).toEqual(expected);
  });

  it('names signals beyond the table by number', () => {
    expect(signalName(40)).toBe('signal 40');
    expect(describeExit({ code: 'killed', status: 40, signal: signalName(40) })).toBe('killed by signal 40');
  });
});

describe('unitFaults', () => {
  it.each<[Record<string, string>, string | undefined]>([
    [{ ExecMainCode: '3', ExecMainStatus: '6', Result: 'core-dump' }, 'failed (core dump, SIGABRT)'],
    [{ ExecMainCode: '1', ExecMainStatus: '125' }, 'failed (exit 125, podman could not run the container)'],
    // an ExecStartPre= (a depends_on start check, a missing external network) failed: no container ran
    [{ ExecMainCode: '0', Result: 'exit-code' }, 'failed before its container started'],
    [{ ExecMainCode: '0', Result: 'timeout' }, 'failed (timed out)'],
    [{ ActiveState: 'activating', SubState: 'auto-restart', Result: 'exit-code', Restart: 'always', ExecMainCode: '1', ExecMainStatus: '2' }, 'restarting after exit 2'],
    [{ ActiveState: 'inactive', SubState: 'dead', Result: 'success', ExecMainCode: '1', ExecMainStatus: '0' }, undefined],
    // a stop systemd asked for: 143 is a success (SuccessExitStatus=), not a fault
    [{ ActiveState: 'inactive', SubState: 'dead', Result: 'success', ExecMainCode: '1', ExecMainStatus: '143' }, undefined],
    [{ Restart: 'on-failure', NRestarts: '1', ExecMainCode: '1', ExecMainStatus: '1' }, 'gave up after 1 restart (last: exit 1)'],
    [{ Result: 'start-limit-hit', NRestarts: '0' }, 'gave up after 0 restarts'],
  ])('%j -> %s', (props, phrase) => {
    expect(unitFaults(status(props)).fault).toBe(phrase);
  });

  it('gave up: failed with start-limit-hit, or failed after restarts with a restart policy; not a failed unit without one', () => {
    expect(unitFaults(status({ Result: 'start-limit-hit' })).gaveUp).toBe(true);
    expect(unitFaults(status({ Restart: 'always', NRestarts: '4' })).gaveUp).toBe(true);
    expect(unitFaults(status({ Restart: 'no', NRestarts: '4' })).gaveUp).toBe(false);
    expect(unitFaults(status({ Restart: 'always', NRestarts: '0' })).gaveUp).toBe(false);
    expect(unitFaults(status({ ActiveState: 'activating', SubState: 'auto-restart', Restart: 'always', NRestarts: '4' })).gaveUp).toBe(false);
  });

  it('OOM: Result=oom-kill, or exit 137 with podman saying OOMKilled; OOMKilled with another exit is not trusted', () => {
    expect(unitFaults(status({ Result: 'oom-kill', ExecMainCode: '2', ExecMainStatus: '9' })).oomKilled).toBe(true);
    expect(unitFaults(status({ ExecMainCode: '1', ExecMainStatus: '137' }), true).oomKilled).toBe(true);
    expect(unitFaults(status({ ExecMainCode: '1', ExecMainStatus: '137' }), false).oomKilled).toBe(false);
    expect(unitFaults(status({ ExecMainCode: '1', ExecMainStatus: '137' })).oomKilled).toBe(false);
    expect(unitFaults(status({ ExecMainCode: '1', ExecMainStatus: '1' }), true).oomKilled).toBe(false);
  });
});

describe("up's unit state (C808) names the signal", () => {
  it.each([
    [{ Result: 'exit-code', ExecMainCode: '1', ExecMainStatus: '1' }, 'failed (failed, result exit-code, exit status 1)'],
    [{ Result: 'signal', ExecMainCode: '2', ExecMainStatus: '9' }, 'failed (failed, result signal, killed by SIGKILL)'],
    [{ Result: 'exit-code', ExecMainCode: '1', ExecMainStatus: '137' }, 'failed (failed, result exit-code, killed by SIGKILL, exit 137)'],
    [{ Result: 'exit-code', ExecMainCode: '0', ExecMainStatus: '0' }, 'failed (failed, result exit-code)'],
  ])('%j -> %s', (props, text) => {
    expect(describeStatus(status(props))).toBe(text);
  });
});
