// Stage 10, output (both systemd formats): what a planned service's container start needs from podman and
// the shell: the context for its run options, and the steps before the start (config files to write, host
// directories to create). Pure; no codes of its own.
import type { OutputContext } from './output-context.js';
import type { ServicePlan } from '../../plan/plan.js';
import { attachedNetworks } from '../../plan/service-needs.js';
import { containerName, envFileName } from '../../plan/unit-names.js';
import { privatePath } from './private-files.js';
import type { RunOptionsContext } from '../../podman/run-options.js';
import { pointerJoin } from '../../source/origins.js';
import type { ArgGroup } from '../../systemd/unit-draft.js';
import { WRITE_FILE } from './shell-steps.js';

/** A command run before the container is created, and what it is for (in messages). */
export interface StartStep {
  readonly args: readonly ArgGroup[];
  readonly what: string;
  /** `-`: a failure does not stop the start. */
  readonly prefix?: '-';
}

export function runOptionsContext(ctx: OutputContext, sp: ServicePlan, inPod: boolean): RunOptionsContext {
  const project = ctx.project;
  return {
    project,
    podmanVersion: ctx.options.podmanVersion,
    inPod,
    containerName: sp.containerName,
    containerNameOf: (other) => containerName(project.name, other, ctx.plan.roles.get(other)?.template ?? false, project.services.get(other)?.containerName),
    networks: attachedNetworks(sp.service, inPod),
    configPaths: new Map(sp.needs.configFiles.map((f) => [f.config, f.path])),
    ...(ctx.options.autoUpdate !== undefined ? { autoUpdate: ctx.options.autoUpdate } : {}),
    ...(sp.privateEnv.length > 0 ? { envFile: privatePath(ctx, envFileName(project.name, sp.service.name)) } : {}),
  };
}

/** Config files written atomically, then missing bind-mount sources created (compose's short syntax does). */
export function startSteps(ctx: OutputContext, sp: ServicePlan): StartStep[] {
  const s = sp.service;
  const steps: StartStep[] = [];
  // A sensitive config is a file of the private folder already (private-files.ts), mounted from there.
  for (const f of sp.needs.configFiles.filter((x) => !x.sensitive)) {
    const config = ctx.project.configs.get(f.config);
    steps.push({
      args: [{ args: ['/bin/sh', '-c', WRITE_FILE] }, { args: [f.path] }, { args: [f.content], pointer: config?.pointer ?? s.pointer }, { args: [`0${f.mode.toString(8)}`] }],
      what: `content of config ${f.config}`,
    });
  }
  for (const dir of sp.needs.hostDirectories) {
    // compose's short volume syntax creates a missing host directory; podman would refuse to start.
    steps.push({ args: [{ args: ['/bin/mkdir', '-p'] }, { args: [dir], pointer: pointerJoin(s.pointer, 'volumes') }], what: 'host directory of a bind mount' });
  }
  return steps;
}
