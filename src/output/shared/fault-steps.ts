// Stage 10, output (both systemd formats): what keeps a container's unit right when something fails at run time:
// a required dependency checked at start (never pulled in or propagated to), a leftover container removed before
// the start, a container killed from outside failing its unit, and a crash restart kept to the crashed unit.
// Pure. Codes: C724 (the target's systemd cannot keep a crash restart from restarting `restart: true` dependents).
import type { ProjectPlan, ServicePlan } from '../../plan/plan.js';
import { planCodes } from '../../plan/codes.js';
import { serviceUnit } from '../../plan/unit-names.js';
import type { UnitDraft } from '../../systemd/unit-draft.js';
import type { OutputContext } from './output-context.js';
import { FAIL_IF_KILLED, REQUIRE_ACTIVE } from './shell-steps.js';
import type { StartStep } from './start-steps.js';

export const SYSTEMCTL = '/usr/bin/systemctl';

/**
 * The first start steps: the `required` dependencies must be active (compose refuses to start a service whose
 * required dependency failed), then a container of the same name left behind (a kill of the unit can leave it
 * running outside the unit's cgroup) is removed, so `podman run --replace` never has to fight it.
 */
export function faultStartSteps(ctx: OutputContext, sp: ServicePlan): StartStep[] {
  const steps: StartStep[] = [];
  const required = sp.dependsOn.filter((e) => e.required).flatMap((e) => (ctx.plan.roles.get(e.to)?.instances ?? []).map((unit) => ({ unit, pointer: e.pointer })));
  if (required.length > 0) {
    steps.push({
      args: [{ args: ['/bin/sh', '-c', REQUIRE_ACTIVE, SYSTEMCTL, `--${ctx.options.scope}`] }, ...required.map((r) => ({ args: [r.unit], pointer: r.pointer }))],
      what: 'check of the required dependencies',
    });
  }
  steps.push({ args: [{ args: [ctx.podman, 'rm', '--force', '--ignore', '--time', '0'] }, { args: [sp.containerName], pointer: sp.service.pointer }], what: 'removal of a leftover container', prefix: '-' });
  return steps;
}

/** The first stop command of a long-running container (not a job: a killed job fails by its exit status). */
export function failIfKilled(d: UnitDraft): void {
  d.exec('ExecStop', [{ args: ['/bin/sh', '-c', FAIL_IF_KILLED] }], 'kill check');
}

const dependentsCache = new WeakMap<ProjectPlan, Map<string, string[]>>();

/** Service name -> the services that depend on it with `restart: true` (and so are `PartOf=` its units). */
function restartDependents(plan: ProjectPlan): Map<string, string[]> {
  let map = dependentsCache.get(plan);
  if (map) return map;
  map = new Map();
  for (const sp of plan.services) {
    for (const e of sp.dependsOn) if (e.restart) map.set(e.to, [...(map.get(e.to) ?? []), sp.service.name]);
  }
  dependentsCache.set(plan, map);
  return map;
}

/**
 * systemd's own restart after a crash is a restart job, which reaches every unit `PartOf=` the crashed one
 * (`depends_on: restart: true`); compose restarts those only on an explicit restart. RestartMode=direct keeps the
 * crash restart to the unit itself. Written only where such dependents exist; without it, C724.
 */
export function crashRestartDirectives(ctx: OutputContext, d: UnitDraft, sp: ServicePlan): void {
  if (sp.restart.restart === 'no') return;
  const dependents = restartDependents(ctx.plan).get(sp.service.name) ?? [];
  if (dependents.length === 0) return;
  if (ctx.supports('systemd-restart-mode-direct')) {
    d.note('Service', `A crash restart stays here: ${dependents.join(', ')} restart with this service only when it is restarted on purpose.`);
    d.set('Service', 'RestartMode', 'direct');
    return;
  }
  const units = dependents.map((s) => serviceUnit(ctx.project.name, s, ctx.plan.roles.get(s)?.template ?? false));
  ctx.report(
    planCodes.crashRestartPropagates,
    `when ${sp.service.name} crashes and systemd restarts it, ${units.join(', ')} restart${units.length === 1 ? 's' : ''} too (depends_on with restart: true): podman ${ctx.options.podmanVersion} goes with a systemd older than 254, which has no RestartMode=direct`,
    sp.restart.pointer ?? sp.service.pointer,
    { help: 'target podman 5.0 or later (--podman-version), or drop `restart: true` from the depends_on entry if the dependents need not restart with it' },
  );
}
