// Stage 11, apply: a project's units (through Host) -> one row per unit: systemd's state, the container's
// health where it has a healthcheck, the restart count. Read-only. No codes: the caller reports a failed
// `systemctl show` (C807).
import type { Host, RunResult } from './host.js';
import { createSystemdDriver, type Scope, type UnitStatus } from './systemctl.js';

export interface HealthProbe {
  readonly unit: string;
  /** The container whose health to read. */
  readonly container: string;
}

export interface UnitRow {
  readonly unit: string;
  readonly loadState: string;
  readonly activeState: string;
  readonly subState: string;
  /** `healthy`, `unhealthy`, `starting`; undefined when the unit has no healthcheck or no container now. */
  readonly health: string | undefined;
  readonly restarts: number | undefined;
  /** Drop-ins in effect (files an admin added in `UNIT.d/`, which compose2systemd never touches). */
  readonly dropIns: readonly string[];
}

export type StatusResult = { readonly ok: true; readonly rows: readonly UnitRow[] } | { readonly ok: false; readonly argv: readonly string[]; readonly result: RunResult };

export async function projectStatus(host: Host, scope: Scope, units: readonly string[], probes: readonly HealthProbe[]): Promise<StatusResult> {
  const driver = createSystemdDriver(host, scope);
  const { statuses, result } = await driver.status(units);
  if (!statuses) return { ok: false, argv: ['systemctl', ...(scope === 'user' ? ['--user'] : []), 'show', ...units], result };
  const rows: UnitRow[] = [];
  for (const status of statuses) rows.push({ ...toRow(status), health: await health(host, status, probes) });
  return { ok: true, rows };
}

function toRow(s: UnitStatus): Omit<UnitRow, 'health'> {
  return { unit: s.unit, loadState: s.loadState, activeState: s.activeState, subState: s.subState, restarts: s.restarts, dropIns: s.dropIns };
}

async function health(host: Host, status: UnitStatus, probes: readonly HealthProbe[]): Promise<string | undefined> {
  const probe = probes.find((p) => p.unit === status.unit);
  // A stopped unit has no container (ExecStopPost removes it): nothing to ask.
  if (!probe || (status.activeState !== 'active' && status.activeState !== 'activating' && status.activeState !== 'reloading')) return undefined;
  const result = await host.run(['podman', 'inspect', '--format', '{{.State.Health.Status}}', probe.container]);
  const text = result.stdout.trim();
  return result.code === 0 && text !== '' && text !== '<no value>' ? text : undefined;
}
