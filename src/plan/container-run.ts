// Stage 9, plan: one service -> what its `podman run` line carries besides the lifecycle flags of
// service-unit.ts: the flags of src/podman/run-args.ts, the image, the command, and the steps before it
// (config files to write, host directories to create). Passes on run-args' diagnostics (C558, C560, C561).
import type { Service } from '../model/types.js';
import { podmanRunFlags, type RunRequirements } from '../podman/run-args.js';
import { pointerJoin } from '../source/origins.js';
import type { PlanContext } from './plan-context.js';
import type { ServiceRole } from './service-roles.js';
import type { ContainerRun } from './service-unit.js';
import type { ArgGroup } from './unit-draft.js';
import { containerName, dataDir } from './unit-names.js';

export interface ContainerRunInput {
  /** The image the image unit makes present (a built image's tag when the service names none). */
  readonly image: string;
  readonly pod: boolean;
}

export interface PlannedRun extends ContainerRun {
  readonly requires: RunRequirements;
}

/**
 * `sh -c SCRIPT PATH CONTENT MODE`: write a config file atomically (a container starting meanwhile never
 * sees half a file), in a directory only the unit's user can list.
 */
const WRITE_FILE = 'umask 077 && mkdir -p "${0%/*}" && printf %s "$1" > "$0.new" && chmod "$2" "$0.new" && mv -f "$0.new" "$0"';

/** Flat flags -> one group per flag and its values, so each lands on a line of its own. */
function groupFlags(flags: readonly string[], pointer: string): ArgGroup[] {
  const groups: string[][] = [];
  for (const f of flags) {
    if (f.startsWith('-') || groups.length === 0) groups.push([f]);
    else groups[groups.length - 1]!.push(f);
  }
  // run-args gives no location per flag: a value that cannot be written is reported at the service.
  return groups.map((args) => ({ args, pointer }));
}

export function containerRun(ctx: PlanContext, role: ServiceRole, roles: ReadonlyMap<string, ServiceRole>, input: ContainerRunInput): PlannedRun {
  const s: Service = role.service;
  const project = ctx.project;
  const run = podmanRunFlags(s, {
    project,
    podmanVersion: ctx.options.podmanVersion,
    inPod: input.pod,
    containerName: containerName(project.name, s.name, role.template, s.containerName),
    containerNameOf: (other) => containerName(project.name, other, roles.get(other)?.template ?? false, project.services.get(other)?.containerName),
    dataDir: dataDir(project.name),
  });
  ctx.diagnostics.push(...run.diagnostics);

  const before: { args: ArgGroup[]; what: string }[] = [];
  for (const f of run.requires.dataFiles) {
    const config = project.configs.get(f.config);
    before.push({
      args: [{ args: ['/bin/sh', '-c', WRITE_FILE] }, { args: [f.path] }, { args: [f.content], pointer: config?.pointer ?? s.pointer }, { args: [`0${f.mode.toString(8)}`] }],
      what: `content of config ${f.config}`,
    });
  }
  for (const dir of run.requires.hostDirectories) {
    // compose's short volume syntax creates a missing host directory; podman would refuse to start.
    before.push({ args: [{ args: ['/bin/mkdir', '-p'] }, { args: [dir], pointer: pointerJoin(s.pointer, 'volumes') }], what: 'host directory of a bind mount' });
  }
  const command: ArgGroup[] = (s.command ?? []).map((a, i) => ({ args: [a], pointer: pointerJoin(pointerJoin(s.pointer, 'command'), i) }));
  return { flags: groupFlags(run.flags, s.pointer), image: input.image, command, before, requires: run.requires };
}
