// Stage 9, plan: one compose service -> its unit `P-svc.service` (or template `P-svc@.service`), in the
// `podman generate systemd --new` lineage, with depends_on as unit dependencies and restart as Restart=.
// Reports C707 (restart policy of a one-shot job); values that cannot be written become C702 (UnitDraft).
import type { DependencyGraph } from '../graph/dependency-graph.js';
import { pointerJoin } from '../source/origins.js';
import type { UnitFile } from '../systemd/unit-file.js';
import { planCodes } from './codes.js';
import { HEALTH_WAIT_SCRIPT, healthWait } from './health-wait.js';
import type { PlanContext } from './plan-context.js';
import { restartDirectives } from './restart-policy.js';
import type { ServiceRole } from './service-roles.js';
import { withSpecifiers, type ArgGroup, type UnitDraft } from './unit-draft.js';
import { containerName, serviceUnit, targetUnit } from './unit-names.js';

/** What `podman run` needs beyond the fixed lifecycle flags this module adds. */
export interface ContainerRun {
  /** Flags from the compose service (labels, env, mounts, networks ...), raw values with their pointers. */
  readonly flags: readonly ArgGroup[];
  readonly image: string;
  /** The arguments after the image (compose `command`). */
  readonly command: readonly ArgGroup[];
  /** Commands to run before the container is created (secrets, host directories ...). */
  readonly before: readonly { readonly args: readonly ArgGroup[]; readonly what: string }[];
}

/** The units a service's unit needs before it starts (networks, volumes, image, pod), already named. */
export interface ServiceNeeds {
  readonly units: readonly string[];
  /** The pod unit in pod mode: the container is bound to it (stops when the pod stops). */
  readonly pod?: string;
}

/** docker's default stop timeout. */
export const DEFAULT_GRACE_SEC = 10;
/** Above the podman stop timeout, so podman can kill the container itself before systemd does. */
export const STOP_MARGIN_SEC = 60;

export function graceSeconds(stopGracePeriodMs: number | undefined): number {
  return stopGracePeriodMs === undefined ? DEFAULT_GRACE_SEC : Math.ceil(stopGracePeriodMs / 1000);
}

const CIDFILE = '%t/%n.ctr-id';

export function serviceUnitFile(
  ctx: PlanContext,
  role: ServiceRole,
  roles: ReadonlyMap<string, ServiceRole>,
  graph: DependencyGraph,
  needs: ServiceNeeds,
  run: ContainerRun,
): UnitFile {
  const s = role.service;
  const project = ctx.project.name;
  const name = serviceUnit(project, s.name, role.template);
  const d = ctx.draft(name, ctx.header(`service ${s.name}`));

  // Project and service names are limited to letters, digits and `._-` by compose: no escaping needed,
  // and a template's description shows its instance number through %i.
  d.set('Unit', 'Description', `${project}: service ${s.name}${role.template ? ' (instance %i)' : ''}`);
  unitHead(ctx, d, role, roles, graph, needs);

  const restart = restartDirectives(s, role.job);
  if (restart.changedForJob) {
    ctx.report(planCodes.jobRestart, `\`${s.name}\` runs once for the services that wait for it to complete, so \`restart: ${restart.policy}\` becomes Restart=on-failure`, restart.pointer, {
      note: 'systemd restarts a Type=oneshot unit only after a failure; restarting after success would run the job forever',
    });
  }
  if (restart.unit.length > 0) {
    d.note('Unit', `restart: ${restart.policy}${restart.policy === 'unless-stopped' ? ' (as always: systemd never undoes an explicit stop)' : ''}`);
    for (const [k, v] of restart.unit) d.set('Unit', k, v);
  }

  const grace = graceSeconds(s.stopGracePeriodMs);
  const cname = containerName(project, s.name, role.template, s.containerName);
  const namePointer = s.containerName !== undefined ? pointerJoin(s.pointer, 'container_name') : s.pointer;

  d.set('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  let sdnotify: string | undefined;
  if (role.job) {
    // Dependents wait for `service_completed_successfully`: a oneshot unit is started only once its main
    // process, the foreground `podman run`, has exited, and it failed if the container exited non-zero.
    d.note('Service', 'Waited on to complete: runs in the foreground; the unit is started once the container exited 0.');
    d.set('Service', 'Type', 'oneshot');
    d.set('Service', 'RemainAfterExit', 'yes');
    d.set('Service', 'TimeoutStartSec', 'infinity');
  } else {
    d.set('Service', 'Type', 'notify');
    d.set('Service', 'NotifyAccess', 'all');
    sdnotify = 'conmon';
  }
  for (const [k, v] of restart.service) d.set('Service', k, v);
  if (!role.job && restart.service.some(([k, v]) => k === 'Restart' && v === 'on-failure')) {
    // 143/137 count as success below (a stop must not fail the unit), yet a container killed by SIGTERM or
    // SIGKILL (the OOM killer) on its own failed, and docker restarts it under on-failure.
    d.set('Service', 'RestartForceExitStatus', '143 137');
  }

  const waitStep: ArgGroup[] = [];
  if (role.healthGated && s.healthcheck) {
    const wait = healthWait(s.healthcheck);
    if (ctx.supports('run-sdnotify-healthy')) {
      d.note('Service', `Waited on to be healthy: podman reports READY once the health check passes, within ${wait.deadlineSec}s as compose would.`);
      sdnotify = 'healthy';
    } else {
      d.note(
        'Service',
        `Waited on to be healthy: podman ${ctx.options.podmanVersion} has no --sdnotify=healthy, so the unit becomes active only after` +
          ` "podman healthcheck run" passes, polled every ${wait.pollSec}s for at most ${wait.deadlineSec}s.`,
      );
      waitStep.push(
        { args: ['/bin/sh', '-c', HEALTH_WAIT_SCRIPT, 'sh'] },
        { args: [ctx.podman, cname, String(wait.deadlineSec), String(wait.pollSec)], pointer: namePointer },
      );
    }
    d.set('Service', 'TimeoutStartSec', `${wait.startTimeoutSec}s`);
  }
  d.set('Service', 'TimeoutStopSec', `${grace + STOP_MARGIN_SEC}s`);
  if (!role.job) {
    // podman stop makes the container exit 143 (SIGTERM) or 137 (killed after the timeout); a stop is
    // not a failure. Not for jobs: a job killed by the OOM killer must not count as completed.
    d.set('Service', 'SuccessExitStatus', '143 137');
  }

  d.exec('ExecStartPre', [{ args: ['/bin/rm', '-f', withSpecifiers(CIDFILE)] }], 'cidfile removal');
  for (const step of run.before) d.exec('ExecStartPre', step.args, step.what);

  const lifecycle: ArgGroup[] = [
    { args: [ctx.podman, 'run'] },
    { args: [withSpecifiers(`--cidfile=${CIDFILE}`)] },
    // conmon stays in the unit's cgroup, so systemd tracks it as the main process
    { args: ['--cgroups=no-conmon'] },
    { args: ['--rm'] },
    ...(sdnotify !== undefined ? [{ args: [`--sdnotify=${sdnotify}`] }, { args: ['-d'] }] : []),
    // a container left over from a crash or a manual run must not block the start
    { args: ['--replace'] },
    // the image unit made the image present; never pull while the start timeout runs
    { args: ['--pull=never'] },
    ...(needs.pod !== undefined ? [{ args: ['--pod-id-file', withSpecifiers(`%t/${needs.pod}.pod-id`)] }] : []),
  ];
  // run.flags start with --name and the labels tying the container to its project and service.
  d.exec('ExecStart', [...lifecycle, ...run.flags, { args: [run.image], pointer: pointerJoin(s.pointer, 'image') }, ...run.command], 'podman run command');
  if (waitStep.length > 0) d.exec('ExecStartPost', waitStep, 'health wait');
  d.exec('ExecStop', [{ args: [ctx.podman, 'stop', '--ignore', '-t', String(grace), withSpecifiers(`--cidfile=${CIDFILE}`)] }], 'stop command');
  d.exec('ExecStopPost', [{ args: [ctx.podman, 'rm', '-f', '--ignore', '-t', String(grace), withSpecifiers(`--cidfile=${CIDFILE}`)] }], 'remove command');
  return d.build();
}

function unitHead(ctx: PlanContext, d: UnitDraft, role: ServiceRole, roles: ReadonlyMap<string, ServiceRole>, graph: DependencyGraph, needs: ServiceNeeds): void {
  const s = role.service;
  d.set('Unit', 'Wants', 'network-online.target');
  d.set('Unit', 'After', 'network-online.target');
  d.set('Unit', 'RequiresMountsFor', '%t/containers');
  // Stopping or restarting the project's target stops or restarts this unit too.
  d.set('Unit', 'PartOf', targetUnit(ctx.project.name));
  if (needs.pod !== undefined) {
    d.note('Unit', 'The container lives in the pod: it stops when the pod stops.');
    d.set('Unit', 'BindsTo', needs.pod);
    d.set('Unit', 'After', needs.pod);
  }
  if (needs.units.length > 0) {
    d.note('Unit', 'Networks, volumes and the image exist before the container is created.');
    d.set('Unit', 'Requires', needs.units.join(' '));
    d.set('Unit', 'After', needs.units.join(' '));
  }
  for (const e of graph.edges) {
    if (e.from !== s.name) continue;
    const dep = roles.get(e.to);
    if (!dep || dep.instances.length === 0) continue;
    const units = dep.instances.join(' ');
    const waitFor = e.condition === 'service_healthy' ? 'healthy' : e.condition === 'service_completed_successfully' ? 'completed successfully' : 'started';
    d.note('Unit', `depends_on ${e.to}: ${waitFor}${e.required ? '' : ', not required'}${e.restart ? ', restart with it' : ''}`);
    // After= orders this start behind the dependency's READY (healthy / exited 0 for health-gated / job units).
    d.set('Unit', 'After', units);
    // Requires=: a failed dependency keeps this unit from starting; Wants=: it starts anyway.
    d.set('Unit', e.required ? 'Requires' : 'Wants', units);
    // PartOf=: an explicit restart (or stop) of the dependency restarts (or stops) this unit too.
    if (e.restart) d.set('Unit', 'PartOf', units);
  }
}
