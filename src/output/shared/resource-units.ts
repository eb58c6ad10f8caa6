// Stage 10, output (both systemd formats): compose networks and named volumes -> oneshot units that create them (`P-KEY-network.service`,
// `P-KEY-volume.service`); external ones get no unit, only an existence check in the services that use them.
// No codes: keys podman cannot take (aux_addresses, ipam.options ...) are reported by the support check.
import type { Network, Volume } from '../../model/types.js';
import { pointerJoin } from '../../source/origins.js';
import type { OutputContext } from './output-context.js';
import { unlessExists } from './shell-steps.js';
import type { StartStep } from './start-steps.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import type { ArgGroup } from '../../systemd/unit-draft.js';
import { networkUnit, targetUnit, volumeUnit } from '../../plan/unit-names.js';

export interface ResourceUnit {
  readonly unit: UnitFile;
  /** The compose key it was made for. */
  readonly key: string;
}

/** The labels docker compose puts on the resources it creates, so `podman network ls --filter` finds them. */
function composeLabels(project: string, kind: 'network' | 'volume', key: string): ArgGroup[] {
  return [{ args: ['--label', `com.docker.compose.project=${project}`] }, { args: ['--label', `com.docker.compose.${kind}=${key}`] }];
}

function networkCreateArgs(ctx: OutputContext, n: Network): ArgGroup[] {
  const at = (k: string) => pointerJoin(n.pointer, k);
  const groups: ArgGroup[] = [];
  if (n.driver !== undefined) groups.push({ args: ['--driver', n.driver], pointer: at('driver') });
  for (const [k, v] of n.driverOpts) groups.push({ args: ['--opt', `${k}=${v}`], pointer: pointerJoin(at('driver_opts'), k) });
  if (n.internal) groups.push({ args: ['--internal'], pointer: at('internal') });
  if (n.enableIpv6 === true) groups.push({ args: ['--ipv6'], pointer: at('enable_ipv6') });
  if (n.ipam) {
    const ipam = pointerJoin(n.pointer, 'ipam');
    if (n.ipam.driver !== undefined) groups.push({ args: ['--ipam-driver', n.ipam.driver], pointer: pointerJoin(ipam, 'driver') });
    n.ipam.config.forEach((c, i) => {
      const p = pointerJoin(pointerJoin(ipam, 'config'), i);
      // podman pairs the n-th --gateway/--ip-range with the n-th --subnet, so keep them together in order.
      if (c.subnet !== undefined) groups.push({ args: ['--subnet', c.subnet], pointer: pointerJoin(p, 'subnet') });
      if (c.gateway !== undefined) groups.push({ args: ['--gateway', c.gateway], pointer: pointerJoin(p, 'gateway') });
      if (c.ipRange !== undefined) groups.push({ args: ['--ip-range', c.ipRange], pointer: pointerJoin(p, 'ip_range') });
    });
  }
  for (const [k, v] of n.labels) groups.push({ args: ['--label', `${k}=${v}`], pointer: pointerJoin(at('labels'), k) });
  groups.push(...composeLabels(ctx.project.name, 'network', n.key));
  return groups;
}

function volumeCreateArgs(ctx: OutputContext, v: Volume): ArgGroup[] {
  const at = (k: string) => pointerJoin(v.pointer, k);
  const groups: ArgGroup[] = [];
  if (v.driver !== undefined) groups.push({ args: ['--driver', v.driver], pointer: at('driver') });
  for (const [k, val] of v.driverOpts) groups.push({ args: ['--opt', `${k}=${val}`], pointer: pointerJoin(at('driver_opts'), k) });
  for (const [k, val] of v.labels) groups.push({ args: ['--label', `${k}=${val}`], pointer: pointerJoin(at('labels'), k) });
  groups.push(...composeLabels(ctx.project.name, 'volume', v.key));
  return groups;
}

/**
 * One oneshot unit that creates a network or volume and then stays active (RemainAfterExit=yes) so the
 * services that require it start after it. Creation is idempotent; nothing removes the resource, because
 * stopping a project must never destroy data or a network other projects may have joined.
 */
function createUnit(ctx: OutputContext, kind: 'network' | 'volume', name: string, unitName: string, realName: string, pointer: string, args: ArgGroup[]): UnitFile {
  const d = ctx.draft(unitName, ctx.header(`${kind} ${name}`));
  d.text('Unit', 'Description', `${ctx.project.name}: create ${kind} ${realName}`, `${kind} name`, pointer);
  d.set('Unit', 'RequiresMountsFor', '%t/containers');
  // Part of the target so that restarting the project re-runs the (idempotent) creation.
  d.set('Unit', 'PartOf', targetUnit(ctx.project.name));
  d.set('Service', 'Type', 'oneshot');
  d.set('Service', 'RemainAfterExit', 'yes');
  const create: ArgGroup[] = [{ args: [ctx.podman, kind, 'create'] }];
  if (ctx.supports(kind === 'network' ? 'network-create-ignore' : 'volume-create-ignore')) {
    d.note('Service', `--ignore: an existing ${kind} of this name is kept as it is.`);
    d.exec('ExecStart', [...create, { args: ['--ignore'] }, ...args, { args: [realName], pointer: pointerJoin(pointer, 'name') }], `${kind} create command`);
  } else {
    // podman before 4.4 has no --ignore; `sh -c SCRIPT NAME CMD...` runs CMD only when NAME is missing
    // (NAME is $0, CMD is "$@"), so the values never pass through the shell's parser.
    d.note('Service', `podman ${ctx.options.podmanVersion} has no "${kind} create --ignore": create the ${kind} only when it is missing.`);
    d.exec(
      'ExecStart',
      [
        { args: ['/bin/sh', '-c', unlessExists(kind)] },
        { args: [realName], pointer: pointerJoin(pointer, 'name') },
        ...create,
        ...args,
        { args: [realName], pointer: pointerJoin(pointer, 'name') },
      ],
      `${kind} create command`,
    );
  }
  return d.build();
}

export function networkUnits(ctx: OutputContext, used: ReadonlySet<string>): ResourceUnit[] {
  const out: ResourceUnit[] = [];
  for (const n of ctx.project.networks.values()) {
    if (n.external || !used.has(n.key)) continue;
    const unit = createUnit(ctx, 'network', n.key, networkUnit(ctx.project.name, n.key), n.name, n.pointer, networkCreateArgs(ctx, n));
    out.push({ unit, key: n.key });
  }
  return out;
}

export function volumeUnits(ctx: OutputContext, used: ReadonlySet<string>): ResourceUnit[] {
  const out: ResourceUnit[] = [];
  for (const v of ctx.project.volumes.values()) {
    if (v.external || !used.has(v.key)) continue;
    const unit = createUnit(ctx, 'volume', v.key, volumeUnit(ctx.project.name, v.key), v.name, v.pointer, volumeCreateArgs(ctx, v));
    out.push({ unit, key: v.key });
  }
  return out;
}

/** `ExecStartPre=podman network exists NAME`: a missing external resource fails the service loudly. */
export function externalChecks(ctx: OutputContext, networks: readonly string[], volumes: readonly string[]): StartStep[] {
  const checks: StartStep[] = [];
  for (const key of networks) {
    const n = ctx.project.networks.get(key);
    if (n?.external) checks.push({ args: [{ args: [ctx.podman, 'network', 'exists'] }, { args: [n.name], pointer: n.pointer }], what: `external network ${n.key}` });
  }
  for (const key of volumes) {
    const v = ctx.project.volumes.get(key);
    if (v?.external) checks.push({ args: [{ args: [ctx.podman, 'volume', 'exists'] }, { args: [v.name], pointer: v.pointer }], what: `external volume ${v.key}` });
  }
  return checks;
}
