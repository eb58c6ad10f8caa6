// Stage 10, output (both systemd formats): a service's lifecycle hooks -> the commands its unit runs around the
// container: `pre_start` steps as short-lived `podman run --rm` containers before the start (ExecStartPre=),
// `post_start` as `podman exec` once the container runs (ExecStartPost=), `pre_stop` as `podman exec` before
// the stop command (ExecStop=). A hook's environment values that are not written in the compose file go to an
// env file of the private folder, as the service's do. Reports C730, C731 (private-files.ts writes the hooks' env files).
import { isLiteral, type LifecycleHook, type PreStartStep } from '../../model/types.js';
import { planCodes } from '../../plan/codes.js';
import type { ServicePlan } from '../../plan/plan.js';
import { hookEnvFileName, type HookKey } from '../../plan/unit-names.js';
import { optionWords, type RunOption } from '../../podman/run-options.js';
import { pointerJoin } from '../../source/origins.js';
import { withSpecifiers, type ArgGroup } from '../../systemd/unit-draft.js';
import type { OutputContext } from './output-context.js';
import { privatePath } from './private-files.js';
import type { StartStep } from './start-steps.js';


export interface HookCommands {
  /** ExecStartPre=, after the other start steps: each `pre_start` step, in order; a failing one fails the start. */
  readonly preStart: readonly StartStep[];
  /** ExecStartPost=, before any health wait: each `post_start` hook, in order. */
  readonly postStart: readonly StartStep[];
  /** ExecStop=, with systemd's `-` prefix, before the stop command: each `pre_stop` hook, in order. */
  readonly preStop: readonly StartStep[];
}

/** The run options a `pre_start` container shares with the service: mounts, networks, environment, user, workdir. */
const SHARED_FLAGS = new Set(['--volume', '--mount', '--volumes-from', '--network', '--env', '--env-file', '--user', '--workdir']);

/**
 * `runOptions`: the service's `podman run` options (run-options.ts); `pod`: the pod-id file of the pod the
 * service's container joins, which a `pre_start` container joins too.
 */
export function hookCommands(ctx: OutputContext, sp: ServicePlan, runOptions: readonly RunOption[], pod?: string): HookCommands {
  const s = sp.service;
  if (sp.role.job && (s.postStart.length > 0 || s.preStop.length > 0)) {
    const key = s.postStart.length > 0 ? 'post_start' : 'pre_stop';
    ctx.report(planCodes.hookOfJob, `the \`${key}\` hooks of \`${s.name}\` are not run: it runs once as a job that others wait for, so its container has exited before the unit is started or stopped`, pointerJoin(s.pointer, key), {
      atKey: true,
      help: 'move the command into the container\'s own command, or into a `pre_start` step',
    });
  }
  if (sp.role.template && s.preStart.length > 0) {
    ctx.report(planCodes.preStartPerReplica, `the \`pre_start\` steps of \`${s.name}\` run before each of its replicas starts, not once for the service`, pointerJoin(s.pointer, 'pre_start'), {
      atKey: true,
      note: 'each replica is an instance of one template unit, and an instance cannot wait for the steps of another',
    });
  }
  const exec = (key: HookKey, hooks: readonly LifecycleHook[]) => (sp.role.job ? [] : hooks.map((h, i) => execStep(ctx, sp, key, h, i)));
  return {
    preStart: s.preStart.map((step, i) => preStartStep(ctx, sp, step, i, runOptions, pod)),
    postStart: exec('post_start', s.postStart),
    preStop: exec('pre_stop', s.preStop),
  };
}

/** `podman exec` of one `post_start` or `pre_stop` hook in the service's running container. */
function execStep(ctx: OutputContext, sp: ServicePlan, key: HookKey, hook: LifecycleHook, index: number): StartStep {
  const namePointer = sp.service.containerName !== undefined ? pointerJoin(sp.service.pointer, 'container_name') : sp.service.pointer;
  return {
    args: [{ args: [ctx.podman, 'exec'] }, ...hookFlags(ctx, sp, key, hook, index), { args: [sp.containerName], pointer: namePointer }, ...hookCommand(hook)],
    what: `${key} hook ${index + 1}`,
  };
}

/** `podman run --rm` of one `pre_start` step, with the service's mounts and networks, in its image or the service's. */
function preStartStep(ctx: OutputContext, sp: ServicePlan, step: PreStartStep, index: number, runOptions: readonly RunOption[], pod: string | undefined): StartStep {
  const own = new Set(step.environment.keys());
  const shared = runOptions
    // tmpfs and anonymous volumes belong to one container: the step's would be its own, empty
    .filter((o) => SHARED_FLAGS.has(o.flag) && !(o.flag === '--mount' && /(^|,)type=tmpfs(,|$)/.test(o.value ?? '')) && !(o.flag === '--volume' && !(o.value ?? '').includes(':')))
    // the step's own environment wins over the service's; the step takes no network alias or address of the service
    .filter((o) => !(o.flag === '--env' && own.has((o.value ?? '').split('=')[0]!)))
    .filter((o) => !(step.user !== undefined && o.flag === '--user') && !(step.workingDir !== undefined && o.flag === '--workdir'))
    .map((o): ArgGroup => ({ args: optionWords(o.flag === '--network' && o.ref?.kind === 'network' ? { flag: o.flag, value: o.ref.name } : o), pointer: o.pointer }));
  const image = step.image ?? sp.image.ref;
  return {
    args: [
      { args: [ctx.podman, 'run', '--rm'] },
      // the service's image is present (its image unit ran); a step's own image is pulled when missing
      { args: [step.image !== undefined ? '--pull=missing' : '--pull=never'] },
      ...(pod !== undefined ? [{ args: ['--pod-id-file', withSpecifiers(`%t/${pod}.pod-id`)] }] : []),
      ...shared,
      ...hookFlags(ctx, sp, 'pre_start', step, index),
      { args: [image], pointer: step.image !== undefined ? pointerJoin(step.pointer, 'image') : pointerJoin(sp.service.pointer, 'image') },
      ...hookCommand(step),
    ],
    what: `pre_start step ${index + 1}`,
  };
}

function hookFlags(ctx: OutputContext, sp: ServicePlan, key: HookKey, hook: LifecycleHook, index: number): ArgGroup[] {
  const at = (k: string) => pointerJoin(hook.pointer, k);
  const flags: ArgGroup[] = [];
  if (hook.user !== undefined) flags.push({ args: ['--user', hook.user], pointer: at('user') });
  if (hook.privileged === true) flags.push({ args: ['--privileged'], pointer: at('privileged') });
  if (hook.workingDir !== undefined) flags.push({ args: ['--workdir', hook.workingDir], pointer: at('working_dir') });
  let hasPrivate = false;
  for (const [k, v] of hook.environment) {
    if (isLiteral(hook.environmentSources.get(k))) flags.push({ args: ['--env', `${k}=${v}`], pointer: pointerJoin(at('environment'), k) });
    else hasPrivate = true;
  }
  if (hasPrivate) flags.push({ args: ['--env-file', privatePath(ctx, hookEnvFileName(ctx.project.name, sp.service.name, key, index))] });
  return flags;
}

function hookCommand(hook: LifecycleHook): ArgGroup[] {
  return hook.command.map((a, i) => ({ args: [a], pointer: pointerJoin(pointerJoin(hook.pointer, 'command'), i) }));
}
