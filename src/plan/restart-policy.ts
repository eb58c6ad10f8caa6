// Stage 9, plan: compose `restart:` / `deploy.restart_policy` -> Restart= and start-limit directives (pure).
// The planner reports C707 when a one-shot job's policy had to change (`changedForJob`).
import type { Pointer } from '../source/origins.js';
import type { Service } from '../model/types.js';

export interface RestartDirectives {
  /** [Unit] entries (StartLimit*). */
  readonly unit: readonly (readonly [string, string])[];
  /** [Service] entries (Restart=, RestartSec=). */
  readonly service: readonly (readonly [string, string])[];
  /** The compose policy as read, for comments and messages. */
  readonly policy: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  /** Set when the policy of a one-shot job had to be weakened to what systemd allows for Type=oneshot. */
  readonly changedForJob: boolean;
  readonly pointer?: Pointer;
}

/** Short, so a crashed service is back quickly, as under docker (which starts at 100 ms and backs off). */
export const DEFAULT_RESTART_SEC = '1s';

interface Effective {
  readonly policy: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  readonly maxRetries?: number;
  readonly delayMs?: number;
  readonly windowMs?: number;
  readonly pointer?: Pointer;
}

/** docker compose lets `deploy.restart_policy` override `restart:`; its condition defaults to `any`. */
function effectivePolicy(service: Service): Effective {
  const rp = service.deploy?.restartPolicy;
  if (rp && service.deploy) {
    const condition = rp.condition ?? 'any';
    const policy = condition === 'none' ? 'no' : condition === 'on-failure' ? 'on-failure' : 'always';
    return {
      policy,
      ...(rp.maxAttempts !== undefined ? { maxRetries: rp.maxAttempts } : {}),
      ...(rp.delayMs !== undefined ? { delayMs: rp.delayMs } : {}),
      ...(rp.windowMs !== undefined ? { windowMs: rp.windowMs } : {}),
      pointer: `${service.deploy.pointer}/restart_policy`,
    };
  }
  if (service.restart) {
    return {
      policy: service.restart.policy,
      ...(service.restart.maxRetries !== undefined ? { maxRetries: service.restart.maxRetries } : {}),
      pointer: service.restart.pointer,
    };
  }
  return { policy: 'no' };
}

/** systemd time span for a duration in ms, in the largest unit that keeps it exact. */
export function timeSpan(ms: number): string {
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export function restartDirectives(service: Service, job: boolean): RestartDirectives {
  const eff = effectivePolicy(service);
  const base = { policy: eff.policy, ...(eff.pointer !== undefined ? { pointer: eff.pointer } : {}) };
  if (eff.policy === 'no') return { ...base, unit: [], service: [['Restart', 'no']], changedForJob: false };

  // `unless-stopped` is `always`: under systemd only an explicit `systemctl stop` stops a unit for good,
  // and such a stop is never undone by Restart=, which is exactly what unless-stopped promises.
  // systemd refuses Restart=always for Type=oneshot, so a job keeps only the on-failure half.
  const changedForJob = job && eff.policy !== 'on-failure';
  const restart = eff.policy === 'on-failure' || job ? 'on-failure' : 'always';
  const service_: [string, string][] = [
    ['Restart', restart],
    ['RestartSec', eff.delayMs !== undefined ? timeSpan(eff.delayMs) : DEFAULT_RESTART_SEC],
  ];
  const unit: [string, string][] = [];
  const limited = eff.maxRetries !== undefined && eff.maxRetries > 0;
  if (limited) {
    // N restarts then give up: the first start plus N restarts fit in the burst. Without a window the
    // count never resets (systemd counts every start, manual ones too, until `systemctl reset-failed`).
    unit.push(['StartLimitIntervalSec', eff.windowMs !== undefined ? timeSpan(eff.windowMs) : 'infinity']);
    unit.push(['StartLimitBurst', String(eff.maxRetries! + 1)]);
  } else {
    // docker never gives up on always / on-failure without a limit; systemd would after 5 starts in 10 s.
    unit.push(['StartLimitIntervalSec', '0']);
  }
  return { ...base, unit, service: service_, changedForJob };
}
