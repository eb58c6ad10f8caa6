// Stage 10, output (plain units): one planned service -> its unit `P-svc.service` (or template `P-svc@.service`),
// in the `podman generate systemd --new` lineage, with depends_on as unit dependencies and restart as Restart=.
// Values that cannot be written become C702 (UnitDraft).
import type { ServicePlan } from '../../plan/plan.js';
import { pointerJoin } from '../../source/origins.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import { withSpecifiers, type ArgGroup } from '../../systemd/unit-draft.js';
import { serviceUnit } from '../../plan/unit-names.js';
import type { OutputContext } from '../shared/output-context.js';
import { dependencyDirectives, restartServiceDirectives, restartUnitDirectives, STOP_MARGIN_SEC } from '../shared/service-directives.js';
import { crashRestartDirectives, failIfKilled, faultStartSteps } from '../shared/fault-steps.js';
import { HEALTH_WAIT_SCRIPT } from '../shared/shell-steps.js';
import { writeSystemdExtension } from '../shared/systemd-extension.js';
import type { ContainerRun } from './container-run.js';

const CIDFILE = '%t/%n.ctr-id';

/** `needs`: the units that must be active first (networks, volumes, secrets, image); `pod`: the pod unit. */
export function serviceUnitFile(ctx: OutputContext, sp: ServicePlan, needs: readonly string[], pod: string | undefined, run: ContainerRun): UnitFile {
  const s = sp.service;
  const role = sp.role;
  const project = ctx.project.name;
  const name = serviceUnit(project, s.name, role.template);
  const d = ctx.draft(name, ctx.header(`service ${s.name}`));

  // Project and service names are limited to letters, digits and `._-` by compose: no escaping needed,
  // and a template's description shows its instance number through %i.
  d.set('Unit', 'Description', `${project}: service ${s.name}${role.template ? ' (instance %i)' : ''}`);
  d.set('Unit', 'Wants', 'network-online.target');
  d.set('Unit', 'After', 'network-online.target');
  d.set('Unit', 'RequiresMountsFor', '%t/containers');
  dependencyDirectives(ctx, d, sp, needs, pod);
  const restart = restartUnitDirectives(d, sp);

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
  restartServiceDirectives(d, sp, restart);
  crashRestartDirectives(ctx, d, sp);

  const waitStep: ArgGroup[] = [];
  if (sp.health) {
    const wait = sp.health;
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
        { args: [ctx.podman, sp.containerName, String(wait.deadlineSec), String(wait.pollSec)], pointer: namePointer },
      );
    }
    d.set('Service', 'TimeoutStartSec', `${wait.startTimeoutSec}s`);
  }
  const grace = sp.stopGraceSec;
  d.set('Service', 'TimeoutStopSec', `${grace + STOP_MARGIN_SEC}s`, pointerJoin(s.pointer, 'stop_grace_period'));
  if (!role.job) {
    // podman stop makes the container exit 143 (SIGTERM) or 137 (killed after the timeout); a stop is
    // not a failure. Not for jobs: a job killed by the OOM killer must not count as completed.
    d.set('Service', 'SuccessExitStatus', '143 137');
  }

  for (const step of faultStartSteps(ctx, sp)) d.exec('ExecStartPre', step.args, step.what, step.prefix);
  d.exec('ExecStartPre', [{ args: ['/bin/rm', '-f', withSpecifiers(CIDFILE)] }], 'cidfile removal');
  for (const step of [...run.before, ...run.hooks.preStart]) d.exec('ExecStartPre', step.args, step.what, step.prefix);

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
    ...(pod !== undefined ? [{ args: ['--pod-id-file', withSpecifiers(`%t/${pod}.pod-id`)] }] : []),
  ];
  // run.flags start with --name and the labels tying the container to its project and service.
  d.exec('ExecStart', [...lifecycle, ...run.flags, { args: [run.image], pointer: pointerJoin(s.pointer, 'image') }, ...run.command], 'podman run command');
  // post_start runs once the container runs, as compose's does; a failing hook fails the start.
  for (const step of run.hooks.postStart) d.exec('ExecStartPost', step.args, step.what);
  if (waitStep.length > 0) d.exec('ExecStartPost', waitStep, 'health wait');
  // The kill check comes first: after a kill there is no container for a pre_stop hook.
  if (!role.job) failIfKilled(d);
  // systemd runs ExecStop= lines in order; `-`: a failing pre_stop hook must not keep the container from stopping.
  for (const step of run.hooks.preStop) d.exec('ExecStop', step.args, step.what, '-');
  d.exec('ExecStop', [{ args: [ctx.podman, 'stop', '--ignore', '-t', String(grace), withSpecifiers(`--cidfile=${CIDFILE}`)] }], 'stop command');
  d.exec('ExecStopPost', [{ args: [ctx.podman, 'rm', '-f', '--ignore', '-t', String(grace), withSpecifiers(`--cidfile=${CIDFILE}`)] }], 'remove command');
  writeSystemdExtension(ctx, d, s);
  return d.build();
}
