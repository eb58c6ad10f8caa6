// Stage 9, plan: compose `restart:` / `deploy.restart_policy` -> the service's restart policy (pure). The
// planner reports C707 when a one-shot job's policy has to weaken (`changedForJob`); outputs spell the rest.
import type { Pointer } from '../source/origins.js';
import type { Service } from '../model/types.js';

export type RestartName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface RestartPolicy {
  /** The compose policy as read, for comments and messages. */
  readonly policy: RestartName;
  /** What the container gets: `no`, `always` (also for unless-stopped) or `on-failure` (always for a job). */
  readonly restart: 'no' | 'always' | 'on-failure';
  /** Restarts before giving up; undefined or 0: never give up. */
  readonly maxRetries?: number;
  readonly delayMs?: number;
  /** The window in which `maxRetries` count; undefined: forever. */
  readonly windowMs?: number;
  /** Set when the policy of a one-shot job had to be weakened to what a run-once service allows. */
  readonly changedForJob: boolean;
  readonly pointer?: Pointer;
}

/** docker compose lets `deploy.restart_policy` override `restart:`; its condition defaults to `any`. */
export function restartPolicyOf(service: Service, job: boolean): RestartPolicy {
  const rp = service.deploy?.restartPolicy;
  let read: Omit<RestartPolicy, 'restart' | 'changedForJob'> = { policy: 'no' };
  if (rp && service.deploy) {
    const condition = rp.condition ?? 'any';
    read = {
      policy: condition === 'none' ? 'no' : condition === 'on-failure' ? 'on-failure' : 'always',
      ...(rp.maxAttempts !== undefined ? { maxRetries: rp.maxAttempts } : {}),
      ...(rp.delayMs !== undefined ? { delayMs: rp.delayMs } : {}),
      ...(rp.windowMs !== undefined ? { windowMs: rp.windowMs } : {}),
      pointer: `${service.deploy.pointer}/restart_policy`,
    };
  } else if (service.restart) {
    read = {
      policy: service.restart.policy,
      ...(service.restart.maxRetries !== undefined ? { maxRetries: service.restart.maxRetries } : {}),
      pointer: service.restart.pointer,
    };
  }
  if (read.policy === 'no') return { ...read, restart: 'no', changedForJob: false };
  // `unless-stopped` is `always`: under systemd only an explicit `systemctl stop` stops a unit for good,
  // and such a stop is never undone by Restart=, which is exactly what unless-stopped promises.
  // A job runs once: restarting it after success would run it forever, so it keeps only the on-failure half.
  return {
    ...read,
    restart: read.policy === 'on-failure' || job ? 'on-failure' : 'always',
    changedForJob: job && read.policy !== 'on-failure',
  };
}
