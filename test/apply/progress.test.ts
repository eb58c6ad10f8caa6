import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from '../../src/apply/progress.js';
import { toUnitStatus, type UnitStatus } from '../../src/apply/systemctl.js';

const status = (unit: string, active: string, sub: string, job = ''): UnitStatus =>
  toUnitStatus(unit, new Map([['LoadState', 'loaded'], ['ActiveState', active], ['SubState', sub], ['Result', 'success'], ['Job', job]]));

describe('progress', () => {
  it('prints a plain line only when a unit changes state', () => {
    let out = '';
    const view = createProgress((t) => (out += t), false);
    view.update([status('a.service', 'activating', 'start', '1'), status('b.service', 'inactive', 'dead', '2')]);
    view.update([status('a.service', 'activating', 'start', '1'), status('b.service', 'active', 'running')]);
    view.update([status('a.service', 'active', 'running'), status('b.service', 'active', 'running')]);
    expect(out).toBe('a.service: activating (start)\nb.service: inactive (dead)\nb.service: active (running)\na.service: active (running)\n');
  });

  it('redraws the block in place on a terminal', () => {
    const writes: string[] = [];
    const view = createProgress((t) => writes.push(t), true);
    view.update([status('a.service', 'activating', 'start', '1'), status('bb.service', 'failed', 'failed')]);
    view.update([status('a.service', 'active', 'running'), status('bb.service', 'failed', 'failed')]);
    expect(writes[0]).toBe('\r\x1b[2K[....] a.service   activating (start)\n\r\x1b[2K[FAIL] bb.service  failed (failed)\n');
    expect(writes[1]!.startsWith('\x1b[2A')).toBe(true);
    expect(writes[1]).toContain('[ ok ] a.service   active (running)');
  });

  it('tags each state', () => {
    expect(progressLine(status('x.service', 'active', 'exited'), 9)).toBe('[ ok ] x.service  active (exited)');
  });
});
