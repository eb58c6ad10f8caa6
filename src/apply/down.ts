// Stage 11, apply: `down` = a project's files in the unit directory (record and markers, through Host) ->
// steps that stop it, clear its failed state, remove its files, every container and pod still carrying its label, and its networks
// (and, when asked, its volumes). Reads only while planning. Reports C801-C806 (through computeChanges and
// the steps) and C807.
//
// It needs no compose file: the record names the units and their start order, and podman finds the
// project's containers, pods, networks and volumes by the compose labels the planner puts on them. A compose
// file, when there is one, adds the names it declares and, above all, which ones are external: those are
// never removed. Containers go before networks: one left running outside its unit (a `systemctl kill` that
// took conmon, a crash mid-stop) would keep its network in use, and every later down would fail on it.
import { allApplicable, allChanges, filesSteps, installDirs, planDirChanges, type DirChanges } from './dir-changes.js';
import type { Host } from './host.js';
import { projectPods, removeContainersStep, unownedContainers, type ProjectContainer } from './project-containers.js';
import { coversPending, mergePending, parsePending, pendingPath, type PendingWork } from './pending.js';
import { parseRecord, recordPath } from './record.js';
import type { Step } from './steps.js';
import { systemctlArgv, type Scope } from './systemctl.js';
import { definesUnit, isTemplateFile, unitOfFile } from './unit-instances.js';

export interface DownInput {
  readonly unitDir: string;
  /** Other directories that may hold files of the project, such as its Quadlet directory. */
  readonly otherDirs?: readonly string[];
  /** Of those, the project's private directory (files of values that are not public; see dir-changes.ts). */
  readonly privateDir?: string;
  readonly scope: Scope;
  readonly project: string;
  /** Names the compose file declares (real names, not keys), external ones apart. Empty without a file. */
  readonly networks: { readonly own: readonly string[]; readonly external: readonly string[] };
  readonly volumes: { readonly own: readonly string[]; readonly external: readonly string[] };
  /** `--volumes`: remove the project's named volumes too. */
  readonly removeVolumes: boolean;
  readonly force: boolean;
}

export interface DownPlan {
  /** The changes of each directory, the unit directory first. */
  readonly sets: readonly DirChanges[];
  readonly applicable: boolean;
  readonly steps: readonly Step[];
  /** True when the unit directory holds nothing of the project and nothing is owed. */
  readonly installed: boolean;
  readonly stop: readonly string[];
  /** Containers with the project's label that no running unit owns, and the project's pods: down removes them. */
  readonly containers: readonly ProjectContainer[];
  readonly pods: readonly string[];
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
}

/** `systemctl is-enabled` answers that mean a symlink of ours exists in some `.wants/` folder. */
const ENABLED = new Set(['enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'alias']);
/** Answers that mean there is nothing to disable. */
const NOT_ENABLED = new Set(['disabled', 'static', 'indirect', 'generated', 'transient', 'masked', 'masked-runtime', 'not-found', 'bad']);

export async function planDown(host: Host, input: DownInput): Promise<DownPlan> {
  const { unitDir, scope, project } = input;
  const dirs = installDirs(unitDir, input.otherDirs ?? []);
  const records = await Promise.all(dirs.map(async (dir) => host.readFile(recordPath(dir, project))));
  const record = records.map((text) => (text === undefined ? undefined : parseRecord(text, project))).find((r) => r !== undefined);
  const target = record?.target ?? `${project}.target`;
  const sets = await planDirChanges(host, { project, source: record?.source ?? '', files: [], startOrder: [], target }, unitDir, dirs, input.force, input.privateDir);
  const networks = await removable(host, 'network', project, input.networks);
  const volumes = input.removeVolumes ? await removable(host, 'volume', project, input.volumes) : [];
  // A running unit's container goes with its stop (ExecStopPost); the rest are orphans down removes itself.
  const containers = await unownedContainers(host, scope, project);
  const pods = await projectPods(host, project);
  const pendingText = await host.readFile(pendingPath(unitDir, project));
  const owed = parsePending(pendingText, project);
  const files = allChanges(sets).filter((c) => c.kind === 'delete').map((c) => c.name);
  const installed = files.length > 0 || records.some((r) => r !== undefined) || pendingText !== undefined;
  if (!allApplicable(sets)) return { sets, applicable: false, steps: [], installed, stop: [], containers, pods, networks, volumes };

  // The target first (it stops everything PartOf= it), then the units in reverse start order, then any
  // other unit of ours (the record may be gone); templates cannot be stopped, only their instances.
  const order = [...(record?.startOrder ?? [])].reverse();
  const rest = files.filter((f) => definesUnit(f) && !isTemplateFile(f)).map(unitOfFile).filter((u) => !order.includes(u) && u !== target);
  const stop = [...new Set([...(files.includes(target) || order.includes(target) ? [target] : []), ...order, ...rest, ...owed.stop])];
  const work: PendingWork = mergePending(owed, { reload: files.length > 0, stop, restart: [] });

  const steps: Step[] = [];
  if (installed && !coversPending(owed, work)) steps.push({ kind: 'owe', work });
  if (stop.length > 0) {
    steps.push({ kind: 'command', argv: systemctlArgv(scope, 'stop', stop), okCodes: [5] });
    // A unit that failed (before or during its stop) would stay listed by `systemctl --failed` after its file
    // is gone; 1 and 5: some of the units are not loaded (never started, or removed by an earlier down).
    steps.push({ kind: 'command', argv: systemctlArgv(scope, 'reset-failed', stop), okCodes: [1, 5] });
  }
  if (files.includes(target) && (await mayBeEnabled(host, scope, target))) steps.push({ kind: 'command', argv: systemctlArgv(scope, 'disable', [target]) });
  steps.push(...filesSteps(sets));
  if (work.reload) steps.push({ kind: 'command', argv: systemctlArgv(scope, 'daemon-reload') });
  if (installed) steps.push({ kind: 'settle' });
  if (containers.length > 0) steps.push(removeContainersStep(containers));
  if (pods.length > 0) steps.push({ kind: 'command', argv: ['podman', 'pod', 'rm', '--force', '--ignore', ...pods] });
  for (const name of networks) steps.push({ kind: 'command', argv: ['podman', 'network', 'rm', name] });
  for (const name of volumes) steps.push({ kind: 'command', argv: ['podman', 'volume', 'rm', name] });
  return { sets, applicable: true, steps, installed, stop, containers, pods, networks, volumes };
}

/** Unknown (systemd unreachable) counts as maybe: disabling a unit that is not enabled changes nothing. */
async function mayBeEnabled(host: Host, scope: Scope, target: string): Promise<boolean> {
  const result = await host.run(['systemctl', ...(scope === 'user' ? ['--user'] : []), 'is-enabled', target]);
  const answer = result.stdout.trim().split('\n')[0] ?? '';
  if (ENABLED.has(answer)) return true;
  return !NOT_ENABLED.has(answer);
}

/**
 * The project's networks or volumes that exist now: the declared ones and the ones podman labels as the
 * project's, never an external one. When podman cannot be asked (a dry run without podman), every declared
 * name is listed, so the review shows what a real run would try.
 */
async function removable(host: Host, kind: 'network' | 'volume', project: string, declared: { readonly own: readonly string[]; readonly external: readonly string[] }): Promise<string[]> {
  const listed = await host.run(['podman', kind, 'ls', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Name}}']);
  const labelled = listed.code === 0 ? listed.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '') : [];
  const external = new Set(declared.external);
  const candidates = [...new Set([...declared.own, ...labelled])].filter((n) => !external.has(n)).sort();
  const out: string[] = [];
  for (const name of candidates) {
    if (labelled.includes(name)) {
      out.push(name);
      continue;
    }
    const exists = await host.run(['podman', kind, 'exists', name]);
    // 0: exists; 1: does not; anything else (no podman at all): cannot tell, so keep it.
    if (exists.code !== 1) out.push(name);
  }
  return out;
}
