// Stage 11, apply: a project's units (through Host) -> one row per unit: systemd's state, the container's
// health where it has a healthcheck, the restart count, and the faults (unit-faults.ts). Read-only: one
// `systemctl show` for all units, a `podman inspect` per health probe, and, only for a unit whose container
// last exited 137, one `podman ps` and an inspect of its container if it still exists. No codes: the caller
// reports a failed `systemctl show` (C807).
import type { Host, RunResult } from './host.js';
import { projectContainers } from './project-containers.js';
import { createSystemdDriver, type Scope, type UnitStatus } from './systemctl.js';
import { lastExitOf, unitFaults, type UnitFaults } from './unit-faults.js';

export interface HealthProbe {
  readonly unit: string;
  /** The container whose health to read. */
  readonly container: string;
}

export interface UnitRow extends UnitFaults {
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

export async function projectStatus(host: Host, scope: Scope, project: string, units: readonly string[], probes: readonly HealthProbe[]): Promise<StatusResult> {
  const driver = createSystemdDriver(host, scope);
  const { statuses, result } = await driver.status(units);
  if (!statuses) return { ok: false, argv: ['systemctl', ...(scope === 'user' ? ['--user'] : []), 'show', ...units], result };
  const oom = await oomKilled(host, project, statuses);
  const rows: UnitRow[] = [];
  for (const status of statuses) rows.push({ ...toRow(status), ...unitFaults(status, oom.get(status.unit)), health: await health(host, status, probes) });
  return { ok: true, rows };
}

function toRow(s: UnitStatus): Omit<UnitRow, 'health' | keyof UnitFaults> {
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

/**
 * Unit -> podman's OOMKilled of the container it last ran, for the units whose container exited 137 (SIGKILL,
 * which is also what the OOM killer sends) and whose container podman still holds. systemd cannot tell: the
 * container runs in a cgroup of its own, so its OOM kill is not the unit's (Result=oom-kill is rare).
 */
async function oomKilled(host: Host, project: string, statuses: readonly UnitStatus[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  const suspects = statuses.filter((s) => s.result !== 'oom-kill' && lastExitOf(s)?.status === 137 && lastExitOf(s)?.code === 'exited');
  if (suspects.length === 0) return out;
  const containers = await projectContainers(host, project);
  for (const s of suspects) {
    const c = containers.find((x) => x.unit === s.unit && x.state !== 'running');
    if (!c) continue;
    const r = await host.run(['podman', 'inspect', '--format', '{{.State.OOMKilled}}', c.id]);
    if (r.code === 0) out.set(s.unit, r.stdout.trim() === 'true');
  }
  return out;
}
