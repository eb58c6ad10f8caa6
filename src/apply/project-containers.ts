// Stage 11, apply: the containers and pods podman holds for a project (through Host), found by the compose
// label every unit puts on them, and which of them no running unit owns. Read-only; no codes: a podman that
// cannot be asked yields nothing, and the commands that follow report their own failures.
import type { Host } from './host.js';
import type { Step } from './steps.js';
import { createSystemdDriver, type Scope } from './systemctl.js';

/** The label the units put on every container and pod of project P: `com.docker.compose.project=P`. */
export const PROJECT_LABEL = 'com.docker.compose.project';
/** The label podman puts on a container run with PODMAN_SYSTEMD_UNIT set (every unit sets it): the unit's name. */
export const UNIT_LABEL = 'PODMAN_SYSTEMD_UNIT';

export interface ProjectContainer {
  readonly id: string;
  readonly name: string;
  /** `running`, `exited`, `created`, ... as podman says. */
  readonly state: string;
  /** The unit that started it; undefined for a container made outside a unit (by hand, by another tool). */
  readonly unit: string | undefined;
}

export function projectFilter(project: string): string {
  return `label=${PROJECT_LABEL}=${project}`;
}

/** Every container with the project's label, running or not, sorted by name. */
export async function projectContainers(host: Host, project: string): Promise<ProjectContainer[]> {
  const r = await host.run(['podman', 'ps', '--all', '--filter', projectFilter(project), '--format', 'json']);
  if (r.code !== 0) return [];
  const out: ProjectContainer[] = [];
  for (const c of parseArray(r.stdout)) {
    const id = str(c['Id']) ?? str(c['ID']);
    if (id === undefined) continue;
    const names = c['Names'];
    const name = Array.isArray(names) ? (str(names[0]) ?? id) : (str(names) ?? id);
    const labels = c['Labels'];
    const unit = labels && typeof labels === 'object' ? str((labels as Record<string, unknown>)[UNIT_LABEL]) : undefined;
    out.push({ id, name, state: str(c['State']) ?? '', unit: unit === '' ? undefined : unit });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The names of the pods with the project's label, sorted. */
export async function projectPods(host: Host, project: string): Promise<string[]> {
  const r = await host.run(['podman', 'pod', 'ls', '--filter', projectFilter(project), '--format', 'json']);
  if (r.code !== 0) return [];
  return parseArray(r.stdout)
    .map((p) => str(p['Name']) ?? str(p['Id']))
    .filter((n): n is string => n !== undefined)
    .sort();
}

/** Unit states in which the unit still owns its container (running it, starting it, or stopping it). */
const OWNING = new Set(['active', 'activating', 'deactivating', 'reloading', 'refreshing']);

/**
 * The containers that no unit owns now: made outside any unit, or left behind by a unit that is no longer
 * running (a `systemctl kill` that took conmon but not the container, a stop whose ExecStopPost was killed).
 * `activeState` maps a unit to its ActiveState; a unit it does not know owns nothing.
 */
export function orphans(containers: readonly ProjectContainer[], activeState: ReadonlyMap<string, string>): ProjectContainer[] {
  return containers.filter((c) => c.unit === undefined || !OWNING.has(activeState.get(c.unit) ?? ''));
}

/** The project's containers that no unit owns now (see `orphans`), asking systemd for the units they name. */
export async function unownedContainers(host: Host, scope: Scope, project: string): Promise<ProjectContainer[]> {
  const containers = await projectContainers(host, project);
  const units = [...new Set(containers.flatMap((c) => (c.unit === undefined ? [] : [c.unit])))].sort();
  const states = new Map<string, string>();
  if (units.length > 0) {
    const { statuses } = await createSystemdDriver(host, scope).status(units);
    // systemd cannot be asked: every container counts as owned, so nothing is removed on a guess
    if (!statuses) return containers.filter((c) => c.unit === undefined);
    for (const s of statuses) states.set(s.unit, s.activeState);
  }
  return orphans(containers, states);
}

/** `podman rm --force` of some containers; `--ignore`: one already gone (its unit removed it meanwhile) is no error. */
export function removeContainersArgv(containers: readonly ProjectContainer[]): string[] {
  return ['podman', 'rm', '--force', '--ignore', '--time', '10', ...containers.map((c) => c.id)];
}

/**
 * The step that removes them, tried twice: on podman 5.4 the first `rm --force` of a container whose conmon a
 * `systemctl kill` took stops it but exits 125 ("conmon exited prematurely"); the second removes it.
 */
export function removeContainersStep(containers: readonly ProjectContainer[]): Step {
  return { kind: 'command', argv: removeContainersArgv(containers), retry: true };
}

function parseArray(text: string): Record<string, unknown>[] {
  if (text.trim() === '') return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
  } catch {
    return [];
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
