// Stage 10, output (both systemd formats): the [Unit] and [Service] directives of a container's unit that say
// what compose means, whichever way the container is run: depends_on as unit dependencies, the restart policy,
// the stop timeout. Pure; values that cannot be written become C702 through the draft.
import type { ServicePlan } from '../../plan/plan.js';
import { targetUnit } from '../../plan/unit-names.js';
import type { UnitDraft } from '../../systemd/unit-draft.js';
import type { OutputContext } from './output-context.js';
import { restartDirectives } from './restart-directives.js';

/** Above the podman stop timeout, so podman can kill the container itself before systemd does. */
export const STOP_MARGIN_SEC = 60;

/**
 * PartOf= the project's target, the units it needs (networks, volumes, image, pod) and the depends_on order.
 * `needs`: unit names that must be active first; `pod`: the pod unit it is bound to.
 */
export function dependencyDirectives(ctx: OutputContext, d: UnitDraft, sp: ServicePlan, needs: readonly string[], pod?: string): void {
  // Stopping or restarting the project's target stops or restarts this unit too.
  d.set('Unit', 'PartOf', targetUnit(ctx.project.name));
  if (pod !== undefined) {
    d.note('Unit', 'The container lives in the pod: it stops when the pod stops.');
    d.set('Unit', 'BindsTo', pod);
    d.set('Unit', 'After', pod);
  }
  if (needs.length > 0) {
    d.note('Unit', 'Networks, volumes and the image exist before the container is created.');
    d.set('Unit', 'Requires', needs.join(' '));
    d.set('Unit', 'After', needs.join(' '));
  }
  for (const e of sp.dependsOn) {
    const dep = ctx.plan.roles.get(e.to);
    if (!dep || dep.instances.length === 0) continue;
    const units = dep.instances.join(' ');
    const waitFor = e.condition === 'service_healthy' ? 'healthy' : e.condition === 'service_completed_successfully' ? 'completed successfully' : 'started';
    d.note('Unit', `depends_on ${e.to}: ${waitFor}${e.required ? '' : ', not required'}${e.restart ? ', restart with it' : ''}`);
    // After= orders this start behind the dependency's READY (healthy / exited 0 for health-gated / job units).
    // No Requires= or Wants=: both make a start or restart of this unit start a stopped dependency, and
    // Requires= passes the dependency's crash restarts on to this unit; compose does neither. The project's
    // target starts every unit, and a required dependency is checked at start (fault-steps.ts).
    d.set('Unit', 'After', units, e.pointer);
    // PartOf=: an explicit restart (or stop) of the dependency restarts (or stops) this unit too.
    if (e.restart) d.set('Unit', 'PartOf', units, e.pointer);
  }
}

/** The start limits in [Unit], with a note naming the compose policy; returns the [Service] directives. */
export function restartUnitDirectives(d: UnitDraft, sp: ServicePlan): readonly (readonly [string, string])[] {
  const restart = restartDirectives(sp.restart);
  if (restart.unit.length > 0) {
    d.note('Unit', `restart: ${sp.restart.policy}${sp.restart.policy === 'unless-stopped' ? ' (as always: systemd never undoes an explicit stop)' : ''}`);
    for (const [k, v] of restart.unit) d.set('Unit', k, v, sp.restart.pointer ?? `${sp.service.pointer}/restart`);
  }
  return restart.service;
}

/** Restart= and, under on-failure, the exit codes of a container killed on its own (not by a stop). */
export function restartServiceDirectives(d: UnitDraft, sp: ServicePlan, service: readonly (readonly [string, string])[]): void {
  for (const [k, v] of service) d.set('Service', k, v, sp.restart.pointer ?? `${sp.service.pointer}/restart`);
  if (!sp.role.job && sp.restart.restart === 'on-failure') {
    // 143/137 count as success (a stop must not fail the unit), yet a container killed by SIGTERM or
    // SIGKILL (the OOM killer) on its own failed, and docker restarts it under on-failure.
    d.set('Service', 'RestartForceExitStatus', '143 137');
  }
}
