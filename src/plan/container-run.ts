// Stage 9, plan: one service -> what its `podman run` line carries besides the lifecycle flags of
// service-unit.ts: the flags of src/podman/run-args.ts, the image, the command, and the steps before it
// (config files to write, host directories to create). Passes on run-args' diagnostics (C558, C560, C561).
import type { Service } from '../model/types.js';
import { podmanRunFlags, type RunRequirements } from '../podman/run-args.js';
import { pointerJoin } from '../source/origins.js';
import type { PlanContext } from './plan-context.js';
import { WRITE_FILE } from './shell-steps.js';
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

/** The compose key a flag comes from, so that a value that cannot be written is reported there. */
const FLAG_KEYS: Readonly<Record<string, string>> = {
  '--env': 'environment',
  '--label': 'labels',
  '--annotation': 'annotations',
  '--health-cmd': 'healthcheck',
  '--entrypoint': 'entrypoint',
  '--volume': 'volumes',
  '--mount': 'volumes',
  '--tmpfs': 'tmpfs',
  '--add-host': 'extra_hosts',
  '--dns': 'dns',
  '--dns-search': 'dns_search',
  '--dns-option': 'dns_opt',
  '--workdir': 'working_dir',
  '--user': 'user',
  '--hostname': 'hostname',
  '--sysctl': 'sysctls',
  '--device': 'devices',
  '--security-opt': 'security_opt',
  '--log-opt': 'logging',
  '--network': 'networks',
};

/** Mapping entries (`--env KEY=...`) point at their key's value when the file has one. */
const KEYED = new Set(['--env', '--label', '--annotation', '--sysctl']);

/** Flat flags -> one group per flag and its values (each on a line of its own), located where they came from. */
function groupFlags(flags: readonly string[], service: Service): ArgGroup[] {
  const groups: string[][] = [];
  for (const f of flags) {
    if (f.startsWith('-') || groups.length === 0) groups.push([f]);
    else groups[groups.length - 1]!.push(f);
  }
  return groups.map((args) => {
    const key = FLAG_KEYS[args[0]!];
    if (key === undefined) return { args, pointer: service.pointer };
    const at = pointerJoin(service.pointer, key);
    const entry = KEYED.has(args[0]!) && args[1] !== undefined ? args[1].split('=')[0]! : undefined;
    return { args, pointer: entry !== undefined ? pointerJoin(at, entry) : at };
  });
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
  return { flags: groupFlags(run.flags, s), image: input.image, command, before, requires: run.requires };
}
