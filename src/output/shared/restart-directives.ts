// Stage 10, output (both systemd formats): a service's RestartPolicy -> Restart= and start-limit directives
// (pure; no codes).
import type { RestartPolicy } from '../../plan/restart-policy.js';

export interface RestartDirectives {
  /** [Unit] entries (StartLimit*). */
  readonly unit: readonly (readonly [string, string])[];
  /** [Service] entries (Restart=, RestartSec=). */
  readonly service: readonly (readonly [string, string])[];
}

/** Short, so a crashed service is back quickly, as under docker (which starts at 100 ms and backs off). */
export const DEFAULT_RESTART_SEC = '1s';

/** systemd time span for a duration in ms, in the largest unit that keeps it exact. */
export function timeSpan(ms: number): string {
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export function restartDirectives(p: RestartPolicy): RestartDirectives {
  if (p.restart === 'no') return { unit: [], service: [['Restart', 'no']] };
  const service: [string, string][] = [
    ['Restart', p.restart],
    ['RestartSec', p.delayMs !== undefined ? timeSpan(p.delayMs) : DEFAULT_RESTART_SEC],
  ];
  const unit: [string, string][] = [];
  if (p.maxRetries !== undefined && p.maxRetries > 0) {
    // N restarts then give up: the first start plus N restarts fit in the burst. Without a window the
    // count never resets (systemd counts every start, manual ones too, until `systemctl reset-failed`).
    unit.push(['StartLimitIntervalSec', p.windowMs !== undefined ? timeSpan(p.windowMs) : 'infinity']);
    unit.push(['StartLimitBurst', String(p.maxRetries + 1)]);
  } else {
    // docker never gives up on always / on-failure without a limit; systemd would after 5 starts in 10 s.
    unit.push(['StartLimitIntervalSec', '0']);
  }
  return { unit, service };
}
