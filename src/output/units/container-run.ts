// Stage 10, output (plain units): one planned service -> what its `podman run` line carries besides the
// lifecycle flags of service-unit.ts: the options of src/podman/run-options.ts as argument groups, the image,
// the command, and the steps before it. Passes on run-options' diagnostics (C558, C560).
import type { ServicePlan } from '../../plan/plan.js';
import { optionWords, podmanRunOptions } from '../../podman/run-options.js';
import { pointerJoin } from '../../source/origins.js';
import type { ArgGroup } from '../../systemd/unit-draft.js';
import type { OutputContext } from '../shared/output-context.js';
import { hookCommands, type HookCommands } from '../shared/lifecycle-hooks.js';
import { runOptionsContext, startSteps, type StartStep } from '../shared/start-steps.js';

export interface ContainerRun {
  /** Options from the compose service (labels, env, mounts, networks ...), raw values with their pointers. */
  readonly flags: readonly ArgGroup[];
  readonly image: string;
  /** The arguments after the image (compose `command`). */
  readonly command: readonly ArgGroup[];
  /** Commands to run before the container is created (config files, host directories ...). */
  readonly before: readonly StartStep[];
  /** The service's lifecycle hooks (`pre_start`, `post_start`, `pre_stop`). */
  readonly hooks: HookCommands;
}

/** `pod`: the pod unit the container joins. */
export function containerRun(ctx: OutputContext, sp: ServicePlan, pod: string | undefined): ContainerRun {
  const s = sp.service;
  const run = podmanRunOptions(s, runOptionsContext(ctx, sp, pod !== undefined));
  ctx.diagnostics.push(...run.diagnostics);
  const command: ArgGroup[] = (s.command ?? []).map((a, i) => ({ args: [a], pointer: pointerJoin(pointerJoin(s.pointer, 'command'), i) }));
  return {
    flags: run.options.map((o) => ({ args: optionWords(o), pointer: o.pointer })),
    image: sp.image.ref,
    command,
    before: startSteps(ctx, sp),
    hooks: hookCommands(ctx, sp, run.options, pod),
  };
}
