// Stage 9, plan: how long a `service_healthy` dependency may take to become healthy (pure). Codes: none.
// The podman 4.x start-post step that polls for it is output/shared/shell-steps.ts's HEALTH_WAIT_SCRIPT.
import type { Healthcheck } from '../model/types.js';

/** docker's defaults for unset healthcheck fields (docker run reference, HEALTHCHECK). */
export const HEALTH_DEFAULTS = {
  intervalMs: 30_000,
  timeoutMs: 30_000,
  retries: 3,
  startPeriodMs: 0,
  startIntervalMs: 5_000,
} as const;

/** Slack for podman itself (creating the container, starting conmon) on top of the health bound. */
export const START_MARGIN_SEC = 60;

export interface HealthWait {
  /** Seconds after start by which docker would have declared the container unhealthy. */
  readonly deadlineSec: number;
  /** Seconds between two `podman healthcheck run` attempts. */
  readonly pollSec: number;
  /** TimeoutStartSec= for the unit: the deadline, one last check and its sleep, and a margin. */
  readonly startTimeoutSec: number;
}

const ceilSec = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function healthWait(h: Healthcheck): HealthWait {
  const interval = h.intervalMs ?? HEALTH_DEFAULTS.intervalMs;
  const timeout = h.timeoutMs ?? HEALTH_DEFAULTS.timeoutMs;
  const retries = h.retries ?? HEALTH_DEFAULTS.retries;
  const startPeriod = h.startPeriodMs ?? HEALTH_DEFAULTS.startPeriodMs;
  // Failures in the start period do not count; after it, `retries` failed checks, each up to `timeout`
  // long and `interval` apart, make the container unhealthy. That is when compose gives up waiting too.
  const deadlineSec = Math.ceil((startPeriod + retries * (interval + timeout)) / 1000);
  // docker probes every start_interval (default 5 s) while starting; polling faster than the user's
  // interval only while starting keeps dependents from waiting a whole interval for nothing.
  const pollSec = ceilSec(Math.min(h.startIntervalMs ?? HEALTH_DEFAULTS.startIntervalMs, interval));
  return { deadlineSec, pollSec, startTimeoutSec: deadlineSec + ceilSec(timeout) + pollSec + START_MARGIN_SEC };
}
