// Stage 6, podman-compose's extensions: the `x-podman` keys of the top level, a service, a service's network, a
// network and a secret -> typed values with pointers. podman-compose writes them as dotted keys
// (`x-podman.uidmaps:`) below a service and as an `x-podman:` mapping at the top level; both forms are read
// everywhere. Reports C514 for a value of the wrong type through NormalizeContext; the fate of each key is the
// support table's.
import { pointerJoin, type Pointer } from '../source/origins.js';
import type { NormalizeContext } from './normalize-context.js';
import type { NetworkPodmanExtensions, ProjectPodmanExtensions, SecretPodmanExtensions, ServicePodmanExtensions } from './types.js';

export const PODMAN_EXTENSION = 'x-podman';

/** Whether a key belongs to podman-compose's extensions: `x-podman` or `x-podman.<name>`. */
export function isPodmanExtensionKey(key: string): boolean {
  return key === PODMAN_EXTENSION || key.startsWith(`${PODMAN_EXTENSION}.`);
}

interface Entry {
  readonly value: unknown;
  readonly pointer: Pointer;
}

/** The extensions set on one object, by name; a dotted key wins over the same name in an `x-podman:` mapping. */
function entries(ctx: NormalizeContext, rec: Record<string, unknown>, pointer: Pointer): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const nestedPointer = pointerJoin(pointer, PODMAN_EXTENSION);
  const nested = rec[PODMAN_EXTENSION] === undefined ? undefined : ctx.record(rec[PODMAN_EXTENSION], nestedPointer);
  for (const [k, v] of Object.entries(nested ?? {})) out.set(k, { value: v, pointer: pointerJoin(nestedPointer, k) });
  for (const [k, v] of Object.entries(rec)) {
    if (k.startsWith(`${PODMAN_EXTENSION}.`)) out.set(k.slice(PODMAN_EXTENSION.length + 1), { value: v, pointer: pointerJoin(pointer, k) });
  }
  return out;
}

class Reader {
  readonly pointers = new Map<string, Pointer>();
  constructor(
    private readonly ctx: NormalizeContext,
    private readonly found: Map<string, Entry>,
  ) {
    for (const [k, e] of found) this.pointers.set(k, e.pointer);
  }
  get empty(): boolean {
    return this.found.size === 0;
  }
  boolean(name: string): boolean | undefined {
    const e = this.found.get(name);
    return e ? this.ctx.boolean(e.value, e.pointer) : undefined;
  }
  string(name: string): string | undefined {
    const e = this.found.get(name);
    return e ? this.ctx.string(e.value, e.pointer) : undefined;
  }
  /** A list of strings; podman-compose also takes a single string for its list values. */
  list(name: string): string[] {
    const e = this.found.get(name);
    if (!e || e.value === null) return [];
    if (typeof e.value === 'string') return [e.value];
    return this.ctx.stringList(e.value, e.pointer);
  }
}

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export function readProjectPodman(ctx: NormalizeContext, root: Record<string, unknown>): ProjectPodmanExtensions | undefined {
  const r = new Reader(ctx, entries(ctx, root, ''));
  if (r.empty) return undefined;
  const podArgs = r.pointers.has('pod_args') ? r.list('pod_args') : undefined;
  return {
    pointers: r.pointers,
    ...opt('inPod', r.boolean('in_pod')),
    ...opt('podArgs', podArgs),
    ...opt('dockerComposeCompat', r.boolean('docker_compose_compat')),
    ...opt('nameSeparatorCompat', r.boolean('name_separator_compat')),
    ...opt('defaultNetNameCompat', r.boolean('default_net_name_compat')),
    ...opt('defaultNetBehaviorCompat', r.boolean('default_net_behavior_compat')),
  };
}

export function readServicePodman(ctx: NormalizeContext, rec: Record<string, unknown>, pointer: Pointer): ServicePodmanExtensions | undefined {
  const r = new Reader(ctx, entries(ctx, rec, pointer));
  if (r.empty) return undefined;
  return {
    pointers: r.pointers,
    uidmaps: r.list('uidmaps'),
    gidmaps: r.list('gidmaps'),
    ...opt('rootfs', r.string('rootfs')),
    ...opt('noHosts', r.boolean('no_hosts')),
    ...opt('passwd', r.boolean('passwd')),
  };
}

/** `x-podman.mac_address` and `x-podman.interface_name` of a service's network, which compose now spells without the prefix. */
export function readServiceNetworkPodman(ctx: NormalizeContext, rec: Record<string, unknown>, pointer: Pointer): { macAddress?: string; interfaceName?: string } {
  const r = new Reader(ctx, entries(ctx, rec, pointer));
  return { ...opt('macAddress', r.string('mac_address')), ...opt('interfaceName', r.string('interface_name')) };
}

export function readNetworkPodman(ctx: NormalizeContext, rec: Record<string, unknown>, pointer: Pointer): NetworkPodmanExtensions | undefined {
  const r = new Reader(ctx, entries(ctx, rec, pointer));
  if (r.empty) return undefined;
  return { pointers: r.pointers, ...opt('disableDns', r.boolean('disable_dns')), dns: r.list('dns'), routes: r.list('routes') };
}

export function readSecretPodman(ctx: NormalizeContext, rec: Record<string, unknown>, pointer: Pointer): SecretPodmanExtensions | undefined {
  const r = new Reader(ctx, entries(ctx, rec, pointer));
  if (r.empty) return undefined;
  return { pointers: r.pointers, ...opt('relabel', r.string('relabel')) };
}
