// Stage 10, output `quadlet`: one planned service -> its `.container` file (`P-web.container`, or the template
// `P-web@.container` for replicas), which Quadlet turns into `P-web.service`. The same compose semantics as the
// plain unit: depends_on and the restart policy in [Unit]/[Service], health gating by `Notify=healthy` (or the
// polling start step before podman 5), a one-shot job as Type=oneshot. Values that cannot be written become C702.
import type { ServicePlan } from '../../plan/plan.js';
import { podmanRunOptions } from '../../podman/run-options.js';
import { pointerJoin } from '../../source/origins.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import type { OutputContext } from '../shared/output-context.js';
import { dependencyDirectives, restartServiceDirectives, restartUnitDirectives, STOP_MARGIN_SEC } from '../shared/service-directives.js';
import { crashRestartDirectives, failIfKilled, faultStartSteps } from '../shared/fault-steps.js';
import { HEALTH_WAIT_SCRIPT } from '../shared/shell-steps.js';
import { writeSystemdExtension } from '../shared/systemd-extension.js';
import { hookCommands } from '../shared/lifecycle-hooks.js';
import { runOptionsContext, type StartStep } from '../shared/start-steps.js';
import { writeContainerOptions, type ResourceFiles } from './container-options.js';

export interface ContainerInput {
  /** The file name, `P-web.container` or `P-web@.container`. */
  readonly name: string;
  /** `Image=`: the image reference, or the `.image`/`.build` file that makes it present. */
  readonly image: string;
  /** The image is made present by a plain unit: the container must never pull it itself. */
  readonly pullNever: boolean;
  /** The `.pod` file the container joins. */
  readonly pod?: string;
  readonly files: ResourceFiles;
  /** Units (by service name) that must be active first besides what the Quadlet references bring. */
  readonly needs: readonly string[];
  /** The units of project networks and volumes without a Quadlet file of their own, by key. */
  readonly resourceUnits: { readonly networks: ReadonlyMap<string, string>; readonly volumes: ReadonlyMap<string, string> };
  readonly before: readonly StartStep[];
}

export function containerFile(ctx: OutputContext, sp: ServicePlan, input: ContainerInput): UnitFile {
  const s = sp.service;
  const role = sp.role;
  const project = ctx.project.name;
  const d = ctx.draft(input.name, ctx.header(`service ${s.name}`));
  const run = podmanRunOptions(s, runOptionsContext(ctx, sp, input.pod !== undefined));
  ctx.diagnostics.push(...run.diagnostics);
  const hooks = hookCommands(ctx, sp, run.options);

  d.set('Unit', 'Description', `${project}: service ${s.name}${role.template ? ' (instance %i)' : ''}`);
  d.quadletValue('Container', 'Image', input.image, 'image name', pointerJoin(s.pointer, 'image'));
  if (input.pod !== undefined) d.set('Container', 'Pod', input.pod);
  if (input.pullNever) {
    if (ctx.supports('quadlet:Container.Pull')) d.set('Container', 'Pull', 'never');
    else d.set('Container', 'PodmanArgs', '--pull=never');
  }
  const { unreferenced } = writeContainerOptions(d, run.options, ctx.options.podmanVersion, input.files);
  if (sp.health && ctx.supports('quadlet-notify-healthy')) {
    d.note('Container', `Waited on to be healthy: podman reports READY once the health check passes, within ${sp.health.deadlineSec}s as compose would.`);
    d.set('Container', 'Notify', 'healthy');
  }
  if (s.command !== undefined && s.command.length > 0) d.quadletWords('Container', 'Exec', s.command, 'command', pointerJoin(s.pointer, 'command'));

  // Project networks and volumes named by their file come with their units; the rest are ordered here.
  const explicit = [
    ...sp.needs.networks.flatMap((k) => (input.files.networks.has(k) && !unreferenced.networks.includes(k) ? [] : [input.resourceUnits.networks.get(k) ?? []].flat())),
    ...sp.needs.volumes.flatMap((k) => (input.files.volumes.has(k) && !unreferenced.volumes.includes(k) ? [] : [input.resourceUnits.volumes.get(k) ?? []].flat())),
    ...input.needs,
  ];
  dependencyDirectives(ctx, d, sp, explicit);
  const restart = restartUnitDirectives(d, sp);

  if (role.job) {
    // Dependents wait for `service_completed_successfully`: a oneshot unit is started only once the container
    // has exited, and it failed if the container exited non-zero.
    d.note('Service', 'Waited on to complete: runs in the foreground; the unit is started once the container exited 0.');
    d.set('Service', 'Type', 'oneshot');
    d.set('Service', 'RemainAfterExit', 'yes');
    d.set('Service', 'TimeoutStartSec', 'infinity');
  }
  restartServiceDirectives(d, sp, restart);
  crashRestartDirectives(ctx, d, sp);
  if (sp.health) {
    if (!ctx.supports('quadlet-notify-healthy')) {
      d.note(
        'Service',
        `Waited on to be healthy: podman ${ctx.options.podmanVersion} has no Notify=healthy, so the unit becomes active only after` +
          ` "podman healthcheck run" passes, polled every ${sp.health.pollSec}s for at most ${sp.health.deadlineSec}s.`,
      );
      for (const step of hooks.postStart) d.exec('ExecStartPost', step.args, step.what);
      d.exec(
        'ExecStartPost',
        [
          { args: ['/bin/sh', '-c', HEALTH_WAIT_SCRIPT, 'sh'] },
          { args: [ctx.podman, sp.containerName, String(sp.health.deadlineSec), String(sp.health.pollSec)], pointer: s.containerName !== undefined ? pointerJoin(s.pointer, 'container_name') : s.pointer },
        ],
        'health wait',
      );
    }
    d.set('Service', 'TimeoutStartSec', `${sp.health.startTimeoutSec}s`);
  }
  // Quadlet sets no stop timeout of its own: systemd's default could cut a long stop_grace_period short.
  d.set('Service', 'TimeoutStopSec', `${sp.stopGraceSec + STOP_MARGIN_SEC}s`, pointerJoin(s.pointer, 'stop_grace_period'));
  if (!role.job) {
    // Quadlet stops with `podman rm -f`: the container exits 143 (SIGTERM) or 137 (killed after the timeout),
    // and a stop is not a failure. Not for jobs: a job killed by the OOM killer must not count as completed.
    d.set('Service', 'SuccessExitStatus', '143 137');
  }
  for (const step of [...faultStartSteps(ctx, sp), ...input.before, ...hooks.preStart]) d.exec('ExecStartPre', step.args, step.what, step.prefix);
  // post_start once the container runs (before the health wait, when there is one); a failing hook fails the start.
  if (!(sp.health && !ctx.supports('quadlet-notify-healthy'))) for (const step of hooks.postStart) d.exec('ExecStartPost', step.args, step.what);
  // Before Quadlet's own ExecStop= (the generator appends it), while the main process of a stop still runs;
  // the kill check first, since after a kill there is no container for a pre_stop hook.
  if (!role.job) failIfKilled(d);
  // `-`: a failing pre_stop hook must not keep the container from stopping.
  for (const step of hooks.preStop) d.exec('ExecStop', step.args, step.what, '-');
  writeSystemdExtension(ctx, d, s);
  return d.build();
}
