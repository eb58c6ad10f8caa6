import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Healthcheck } from '../../src/model/types.js';
import { healthWait } from '../../src/plan/health-wait.js';
import { HEALTH_WAIT_SCRIPT } from '../../src/output/shared/shell-steps.js';

const hc = (h: Partial<Healthcheck>): Healthcheck => ({ pointer: '/services/db/healthcheck', disable: false, ...h });

describe('healthWait', () => {
  it.each([
    // deadline = start_period + retries * (interval + timeout); poll = min(start_interval (5s), interval)
    ['docker defaults', hc({}), { deadlineSec: 180, pollSec: 5, startTimeoutSec: 180 + 30 + 5 + 60 }],
    ['short interval polls at the interval', hc({ intervalMs: 2000, timeoutMs: 1000, retries: 5 }), { deadlineSec: 15, pollSec: 2, startTimeoutSec: 15 + 1 + 2 + 60 }],
    ['start period counts', hc({ startPeriodMs: 60_000, intervalMs: 10_000, timeoutMs: 5000, retries: 3 }), { deadlineSec: 105, pollSec: 5, startTimeoutSec: 105 + 5 + 5 + 60 }],
    ['start_interval sets the poll', hc({ startIntervalMs: 1000, intervalMs: 30_000 }), { deadlineSec: 180, pollSec: 1, startTimeoutSec: 180 + 30 + 1 + 60 }],
    ['sub-second values round up', hc({ intervalMs: 500, timeoutMs: 300, retries: 1 }), { deadlineSec: 1, pollSec: 1, startTimeoutSec: 1 + 1 + 1 + 60 }],
  ])('%s', (_, h, expected) => {
    expect(healthWait(h)).toEqual(expected);
  });
});

describe('HEALTH_WAIT_SCRIPT', () => {
  const dir = mkdtempSync(join(tmpdir(), 'c2s-health-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A fake podman that fails `failures` times, logs its arguments, then passes. */
  function fakePodman(failures: number): string {
    const path = join(dir, `podman-${failures}`);
    const count = join(dir, `count-${failures}`);
    writeFileSync(count, '0');
    writeFileSync(path, `#!/bin/sh\necho "$@" >> ${dir}/args-${failures}\nn=$(cat ${count}); echo $((n+1)) > ${count}\n[ "$n" -ge ${failures} ]\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it('polls `podman healthcheck run NAME` until it passes', () => {
    const podman = fakePodman(2);
    const r = spawnSync('/bin/sh', ['-c', HEALTH_WAIT_SCRIPT, 'sh', podman, 'app-db-1', '30', '0'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'args-2'), 'utf8')).toBe('healthcheck run app-db-1\n'.repeat(3));
  });

  it('fails once the deadline has passed', () => {
    const podman = fakePodman(1_000_000);
    const r = spawnSync('/bin/sh', ['-c', HEALTH_WAIT_SCRIPT, 'sh', podman, 'app-db-1', '1', '1'], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('app-db-1 is not healthy after 1 s');
  });
});
