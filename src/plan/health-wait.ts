// Stage 9, plan: how long a `service_healthy` dependency may take to become healthy, and the podman 4.x
// start-post step that waits for it (pure). Codes: none.
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

/**
 * `sh -c SCRIPT sh PODMAN NAME DEADLINE POLL`: run the container's health check until it passes, and fail
 * once DEADLINE seconds have passed. Values come in as arguments so the script is the same in every unit.
 * `podman healthcheck run` exits 0 only once the container is healthy (podman-healthcheck-run(1)).
 */
export const HEALTH_WAIT_SCRIPT =
  'end=$(( $(date +%s) + $3 )); ' +
  'until "$1" healthcheck run "$2"; do ' +
  'if [ "$(date +%s)" -ge "$end" ]; then echo "$2 is not healthy after $3 s" >&2; exit 1; fi; ' +
  'sleep "$4"; ' +
  'done';
