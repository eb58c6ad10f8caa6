import { describe, expect, it } from 'vitest';
import type { Deploy, Service } from '../../src/model/types.js';
import { restartDirectives as directivesOf, timeSpan } from '../../src/output/shared/restart-directives.js';
import { restartPolicyOf } from '../../src/plan/restart-policy.js';

const restartDirectives = (s: Service, job: boolean) => ({ ...directivesOf(restartPolicyOf(s, job)), ...restartPolicyOf(s, job) });

function service(restart?: Service['restart'], restartPolicy?: NonNullable<Deploy['restartPolicy']>): Service {
  const deploy: Deploy | undefined = restartPolicy
    ? { pointer: '/services/s/deploy', keys: new Set(['restart_policy']), labels: new Map(), resources: { limits: {}, reservations: { devices: [] } }, restartPolicy }
    : undefined;
  return { name: 's', pointer: '/services/s', ...(restart ? { restart } : {}), ...(deploy ? { deploy } : {}) } as unknown as Service;
}

const r = (policy: 'no' | 'always' | 'on-failure' | 'unless-stopped', maxRetries?: number): Service['restart'] => ({
  pointer: '/services/s/restart',
  policy,
  ...(maxRetries !== undefined ? { maxRetries } : {}),
});

describe('restartDirectives', () => {
  it.each([
    ['no restart key', service(), [], [['Restart', 'no']]],
    ['no', service(r('no')), [], [['Restart', 'no']]],
    ['always', service(r('always')), [['StartLimitIntervalSec', '0']], [['Restart', 'always'], ['RestartSec', '1s']]],
    ['unless-stopped is always', service(r('unless-stopped')), [['StartLimitIntervalSec', '0']], [['Restart', 'always'], ['RestartSec', '1s']]],
    ['on-failure without a limit', service(r('on-failure')), [['StartLimitIntervalSec', '0']], [['Restart', 'on-failure'], ['RestartSec', '1s']]],
    ['on-failure:3 gives up after 3 restarts', service(r('on-failure', 3)), [['StartLimitIntervalSec', 'infinity'], ['StartLimitBurst', '4']], [['Restart', 'on-failure'], ['RestartSec', '1s']]],
    ['on-failure:0 means no limit, as in docker', service(r('on-failure', 0)), [['StartLimitIntervalSec', '0']], [['Restart', 'on-failure'], ['RestartSec', '1s']]],
    [
      'deploy.restart_policy wins over restart',
      service(r('always'), { condition: 'on-failure', delayMs: 5000, maxAttempts: 2, windowMs: 120_000 }),
      [['StartLimitIntervalSec', '120s'], ['StartLimitBurst', '3']],
      [['Restart', 'on-failure'], ['RestartSec', '5s']],
    ],
    ['deploy condition none', service(undefined, { condition: 'none' }), [], [['Restart', 'no']]],
    ['deploy condition defaults to any', service(undefined, { delayMs: 1500 }), [['StartLimitIntervalSec', '0']], [['Restart', 'always'], ['RestartSec', '1500ms']]],
  ] as const)('%s', (_, svc, unit, serviceEntries) => {
    const d = restartDirectives(svc, false);
    expect(d.unit).toEqual(unit);
    expect(d.service).toEqual(serviceEntries);
    expect(d.changedForJob).toBe(false);
  });

  it.each([
    ['always', r('always'), 'on-failure', true],
    ['unless-stopped', r('unless-stopped'), 'on-failure', true],
    ['on-failure', r('on-failure'), 'on-failure', false],
    ['no', r('no'), 'no', false],
  ] as const)('a one-shot job with %s gets Restart=%s', (_, restart, expected, changed) => {
    const d = restartDirectives(service(restart), true);
    expect(d.service[0]).toEqual(['Restart', expected]);
    expect(d.changedForJob).toBe(changed);
    expect(d.pointer).toBe('/services/s/restart');
  });

  it('points at deploy.restart_policy when that decided', () => {
    expect(restartDirectives(service(undefined, { condition: 'any' }), false).pointer).toBe('/services/s/deploy/restart_policy');
  });

  it.each([
    [1000, '1s'],
    [1500, '1500ms'],
    [0, '0s'],
    [120_000, '120s'],
  ])('timeSpan(%i) = %s', (ms, text) => expect(timeSpan(ms)).toBe(text));
});
