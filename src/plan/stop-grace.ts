// Stage 9, plan: `stop_grace_period` -> whole seconds a container gets to stop (pure). Codes: none.

/** docker's default stop timeout. */
export const DEFAULT_GRACE_SEC = 10;

/** Rounded up, so the container never gets less time than asked. */
export function graceSeconds(stopGracePeriodMs: number | undefined): number {
  return stopGracePeriodMs === undefined ? DEFAULT_GRACE_SEC : Math.ceil(stopGracePeriodMs / 1000);
}
