// Stage 7, check: ComposeProject x target (podman version, pod mode, output format) -> diagnostics for every key
// and value podman and systemd cannot honour as compose means it. Reports C550-C559, C562; the table decides each key,
// host-gateway.ts which `extra_hosts` entries an older podman is given.
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic, Label } from '../diagnostics/diagnostic.js';
import { InternalError } from '../diagnostics/diagnostic.js';
import { keySpanAt, pointerJoin, pointerSegments, spanAt, type Origins, type Pointer } from '../source/origins.js';
import { compareVersions, parsePodmanVersion, type PodmanVersion } from '../podman/version.js';
import { HOST_GATEWAY_SINCE, PODMAN_LOG_DRIVERS, PODMAN_NETWORK_DRIVERS } from '../podman/run-facts.js';
import { modelCodes } from './codes.js';
import { passesExtraHost, PODMAN_HOST_NAME } from './host-gateway.js';
import { isPodmanExtensionKey, PODMAN_EXTENSION } from './podman-extensions.js';
import { closestName } from '../diagnostics/closest-name.js';
import { QUADLET_FATES } from '../podman/quadlet-fates.js';
import { hasKeysBelow, SUPPORT_TABLE, supportRow, type SupportRow } from './support-table.js';
import { kubeFate } from './support-kube.js';
import type { ComposeProject, ExtraHost, Service } from './types.js';

export interface SupportOptions {
  /** `X.Y` or `X.Y.Z`, already validated by the caller. */
  readonly podmanVersion: string;
  /** Whether the services run in one pod (`--pod`). */
  readonly pod: boolean;
  /**
   * The output format (`units` when not given); `quadlet` refuses what its files cannot carry on the target, `kube`
   * gives each key its Kubernetes fate (support-kube.ts).
   */
  readonly format?: string;
}

type Section = 'services' | 'networks' | 'volumes' | 'secrets' | 'configs';
const SECTIONS: readonly Section[] = ['services', 'networks', 'volumes', 'secrets', 'configs'];
const NOUN: Readonly<Record<Section, string>> = { services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' };

/** One table row set somewhere in one entity (a service, a network ...), with every place that sets it. */
interface Occurrence {
  readonly section: Section | undefined;
  readonly entity: string | undefined;
  readonly row: SupportRow;
  readonly pointers: Pointer[];
  /** The same pointers, to add each once without searching the list. */
  readonly seen: Set<Pointer>;
}

/** Occurrences by `occurrenceId`, in the order they are reported. */
type Occurrences = ReadonlyMap<string, Occurrence>;

function occurrenceId(section: Section | undefined, entity: string | undefined, key: string): string {
  return `${section ?? ''}\0${entity ?? ''}\0${key}`;
}

export function checkSupport(project: ComposeProject, opts: SupportOptions): Diagnostic[] {
  const version = parsePodmanVersion(opts.podmanVersion);
  if (!version) throw new InternalError(`invalid podman version ${JSON.stringify(opts.podmanVersion)} reached checkSupport`);
  const { occurrences, unknown } = collectOccurrences(project);
  const out: Diagnostic[] = [];
  const kube = opts.format === 'kube';
  // Kubernetes fates replace the podman ones: the rest of the check (values, podman versions) is unchanged.
  const judged: Occurrences = kube ? new Map([...occurrences].map(([id, occ]) => [id, asKubeOccurrence(occ)])) : occurrences;
  for (const occ of judged.values()) {
    if (coveredByAncestor(occ, judged)) continue;
    const d = kube ? kubeKeyDiagnostic(project.origins, occ) : keyDiagnostic(project.origins, occ, version, opts.pod);
    if (d) out.push(d);
  }
  for (const { pointer, section, entity, podmanPrefix } of unknown) {
    const what = describeKey(pointer, section, entity);
    if (podmanPrefix !== undefined) {
      // an `x-podman` name podman-compose does not read either: most likely a typo
      const name = pointerSegments(pointer).at(-1)!.replace(/^x-podman\./, '');
      const known = podmanExtensionNames(podmanPrefix);
      const close = closestName(name, known);
      out.push(diagnostic(modelCodes.ignoredKey, `${what} is ignored: podman-compose has no such extension`, labelsAt(project.origins, [pointer]), {
        help:
          close !== undefined
            ? `did you mean \`${close}\`?`
            : known.length > 0
              ? `podman-compose's extensions here: ${known.map((k) => `\`${k}\``).join(', ')}`
              : 'podman-compose reads no `x-podman` keys here',
      }));
      continue;
    }
    out.push(diagnostic(modelCodes.unknownKey, `${what} is not in compose2systemd's support table and is not converted`, labelsAt(project.origins, [pointer]), {
      help: 'this is a bug in compose2systemd if the compose schema accepts the key: please report it',
    }));
  }
  if (!kube) out.push(...podmanValueDiagnostics(project, opts.pod));
  for (const service of project.services.values()) out.push(...checkServiceValues(project, service, version, kube));
  if (opts.format === 'quadlet') for (const service of project.services.values()) out.push(...quadletDiagnostics(project, service, version));
  for (const network of project.networks.values()) {
    if (network.external || network.driver === undefined || PODMAN_NETWORK_DRIVERS.includes(network.driver)) continue;
    out.push(diagnostic(modelCodes.unsupportedValue, `network \`${network.key}\` uses driver \`${network.driver}\`, which podman does not have`, labelsAt(project.origins, [pointerJoin(network.pointer, 'driver')]), {
      help: `podman networks use ${PODMAN_NETWORK_DRIVERS.map((d) => `\`${d}\``).join(', ')}; \`overlay\` needs swarm`,
    }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keys

const SECTION_MAPS = (project: ComposeProject): Readonly<Record<Section, ReadonlyMap<string, { readonly pointer: Pointer; readonly keys?: ReadonlySet<string> }>>> => ({
  services: project.services,
  networks: project.networks,
  volumes: project.volumes,
  secrets: project.secrets,
  configs: project.configs,
});

interface UnknownKey {
  readonly pointer: Pointer;
  readonly section: Section | undefined;
  readonly entity: string | undefined;
  /** For an unknown podman-compose extension: the table path of the `x-podman` keys around it. */
  readonly podmanPrefix?: string;
}

/**
 * Every table row the project sets, found from the origins of the merged tree (which hold every key that
 * was written) and, as a second source, from the key sets the model carries.
 */
function collectOccurrences(project: ComposeProject): { occurrences: Occurrences; unknown: UnknownKey[] } {
  const maps = SECTION_MAPS(project);
  const found = new Map<string, Occurrence>();
  const unknownList: UnknownKey[] = [];
  const unknownSeen = new Set<Pointer>();
  // a key's children (list items, ...) walk to the same unknown key: report it once
  const unknown = {
    push: (u: UnknownKey): void => {
      if (unknownSeen.has(u.pointer)) return;
      unknownSeen.add(u.pointer);
      unknownList.push(u);
    },
  };
  const add = (section: Section | undefined, entity: string | undefined, key: string, pointer: Pointer): void => {
    const row = supportRow(key);
    if (!row) return;
    const id = occurrenceId(section, entity, key);
    const occ = found.get(id);
    if (!occ) found.set(id, { section, entity, row, pointers: [pointer], seen: new Set([pointer]) });
    else if (!occ.seen.has(pointer)) {
      occ.seen.add(pointer);
      occ.pointers.push(pointer);
    }
  };

  for (const pointer of project.origins.keys()) {
    const segs = pointerSegments(pointer);
    const top = segs[0];
    if (top === undefined || (top.startsWith('x-') && !isPodmanExtensionKey(top))) continue;
    const section = (SECTIONS as readonly string[]).includes(top) ? (top as Section) : undefined;
    if (section && segs.length >= 2) {
      const entity = segs[1]!;
      const owner = maps[section].get(entity);
      if (!owner || segs.length === 2) continue;
      walkKeys(`${section}.*`, segs.slice(2), owner.pointer, (key, p) => add(section, entity, key, p), (p, podmanPrefix) => unknown.push({ pointer: p, section, entity, ...(podmanPrefix !== undefined ? { podmanPrefix } : {}) }));
    } else {
      walkKeys('', segs, '', (key, p) => add(undefined, undefined, key, p), (p, podmanPrefix) => unknown.push({ pointer: p, section: undefined, entity: undefined, ...(podmanPrefix !== undefined ? { podmanPrefix } : {}) }));
    }
  }

  // The model's key sets: a key the origins somehow lack still gets its fate.
  for (const section of SECTIONS) {
    for (const [entity, owner] of maps[section]) {
      for (const k of owner.keys ?? []) if (!k.startsWith('x-')) add(section, entity, `${section}.*.${k}`, pointerJoin(owner.pointer, k));
    }
  }
  for (const [name, service] of project.services) {
    for (const k of service.deploy?.keys ?? []) if (!k.startsWith('x-')) add('services', name, `services.*.deploy.${k}`, pointerJoin(service.deploy!.pointer, k));
    for (const k of service.build?.keys ?? []) if (!k.startsWith('x-')) add('services', name, `services.*.build.${k}`, pointerJoin(service.build!.pointer, k));
  }

  const order = (o: Occurrence): number => (o.section === undefined ? 0 : SECTIONS.indexOf(o.section) + 1);
  const occurrences = new Map([...found].sort(([, a], [, b]) => order(a) - order(b)));
  return { occurrences, unknown: unknownList };
}

/**
 * Follows pointer segments through the table: a segment is a key when the table has it, a user-chosen name
 * when the table has `*` there, an index when it is a sequence item; below a key without keys it is data.
 * An `x-` key is the user's and ends the walk, except podman-compose's `x-podman` keys, which the table judges
 * (the dotted `x-podman.uidmaps` reads as the path `x-podman.uidmaps`, like `x-podman: {uidmaps}`).
 */
function walkKeys(prefix: string, segs: readonly string[], base: Pointer, onKey: (key: string, pointer: Pointer) => void, onUnknown: (pointer: Pointer, podmanPrefix?: string) => void): void {
  let path = prefix;
  let pointer = base;
  for (const seg of segs) {
    pointer = pointerJoin(pointer, seg);
    const named = path === '' ? seg : `${path}.${seg}`;
    const star = `${path}.*`;
    if (path !== '' && !hasKeysBelow(path)) return; // inside a value (labels, environment, ...)
    const podman = isPodmanExtensionKey(seg) || path === PODMAN_EXTENSION || path.endsWith(`.${PODMAN_EXTENSION}`);
    if (seg.startsWith('x-') && !isPodmanExtensionKey(seg)) return; // an extension: anything below it is the user's
    if (podman && supportRow(named) === undefined && !hasKeysBelow(named)) {
      const at = path === '' ? '' : `${path}.`;
      return onUnknown(pointer, isPodmanExtensionKey(seg) ? `${at}${PODMAN_EXTENSION}` : path);
    }
    if (supportRow(named) !== undefined || hasKeysBelow(named)) {
      path = named;
      onKey(path, pointer);
    } else if (path !== '' && hasKeysBelow(star)) {
      path = star;
    } else if (/^\d+$/.test(seg)) {
      continue;
    } else {
      onUnknown(pointer);
      return;
    }
  }
}

/**
 * A key below an ignored or refused key is covered by the diagnostic of that key. Its ancestors can only be
 * its dotted prefixes in the same entity, so each is looked up rather than compared with every occurrence.
 */
function coveredByAncestor(occ: Occurrence, all: Occurrences): boolean {
  const key = occ.row.key;
  for (let dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
    const status = all.get(occurrenceId(occ.section, occ.entity, key.slice(0, dot)))?.row.status;
    if (status === 'ignored' || status === 'unsupported') return true;
  }
  return false;
}

function keyDiagnostic(origins: Origins, occ: Occurrence, version: PodmanVersion, pod: boolean): Diagnostic | undefined {
  const { row } = occ;
  const first = occ.pointers[0]!;
  const what = describeKey(first, occ.section, occ.entity);
  const labels = labelsAt(origins, occ.pointers);
  if (row.status === 'ignored') return diagnostic(modelCodes.ignoredKey, `${what} is ignored: ${row.notes}`, labels);
  if (row.status === 'unsupported') {
    return diagnostic(modelCodes.unsupportedKey, `${what} is not supported: ${row.notes}`, labels, { help: 'remove the key, or move it under an `x-` key to keep it as a note' });
  }
  if (row.sincePodman !== undefined && compareVersions(version, parsePodmanVersion(row.sincePodman)!) < 0) {
    const needs = `needs podman ${row.sincePodman} or newer`;
    if (row.olderPodman === 'ignored') {
      return diagnostic(modelCodes.ignoredOnOlderPodman, `${what} is ignored: it ${needs}`, labels, { help: `target a newer podman with --podman-version ${row.sincePodman}` });
    }
    return diagnostic(modelCodes.needsNewerPodman, `${what} ${needs}`, labels, { help: `target a newer podman with --podman-version ${row.sincePodman}, or remove the key` });
  }
  if (pod && row.inPod) {
    if (row.inPod.status === 'ignored') return diagnostic(modelCodes.ignoredInPod, `${what} is ignored with --pod: ${row.inPod.notes}`, labels);
    return diagnostic(modelCodes.conflictsWithPod, `${what} cannot be used with --pod: ${row.inPod.notes}`, labels, { help: 'remove the key, or convert without --pod' });
  }
  return undefined;
}

/** The occurrence with the row's Kubernetes fate as its status and notes. */
function asKubeOccurrence(occ: Occurrence): Occurrence {
  const fate = kubeFate(occ.row.key);
  if (!fate) throw new InternalError(`support row ${occ.row.key} has no Kubernetes fate`);
  return { ...occ, row: { key: occ.row.key, status: fate.status, becomes: fate.becomes, notes: fate.notes } };
}

function kubeKeyDiagnostic(origins: Origins, occ: Occurrence): Diagnostic | undefined {
  const { row } = occ;
  const what = describeKey(occ.pointers[0]!, occ.section, occ.entity);
  const labels = labelsAt(origins, occ.pointers);
  if (row.status === 'ignored') return diagnostic(modelCodes.ignoredKey, `${what} is ignored in Kubernetes: ${row.notes}`, labels);
  if (row.status === 'unsupported') {
    return diagnostic(modelCodes.unsupportedKey, `${what} is not supported in Kubernetes: ${row.notes}`, labels, { help: 'remove the key, or convert with --format units or quadlet' });
  }
  return undefined;
}

/** "`networks.front.ipv4_address` of service `web`", from the pointer of the key as written. */
function describeKey(pointer: Pointer, section: Section | undefined, entity: string | undefined): string {
  const segs = pointerSegments(pointer).slice(section ? 2 : 0);
  const path = segs.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  return section && entity !== undefined ? `\`${path}\` of ${NOUN[section]} \`${entity}\`` : `\`${path}\``;
}

const MAX_LABELS = 5;

/** The key of each place that sets it (the first few: one is enough to find the others). */
function labelsAt(origins: Origins, pointers: readonly Pointer[]): Label[] {
  return pointers.slice(0, MAX_LABELS).flatMap((p) => {
    const span = keySpanAt(origins, p);
    return span ? [{ span }] : [];
  });
}

function valueLabels(origins: Origins, pointer: Pointer, message?: string): Label[] {
  const span = spanAt(origins, pointer);
  return span ? [message === undefined ? { span } : { span, message }] : [];
}

// ---------------------------------------------------------------------------------------------
// Values

function checkServiceValues(project: ComposeProject, service: Service, version: PodmanVersion, kube: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (...keys: string[]): Pointer => keys.reduce<Pointer>((p, k) => pointerJoin(p, k), service.pointer);
  const name = `service \`${service.name}\``;
  const origins = project.origins;

  // compose refuses two different values for the same limit; podman would take one silently.
  const limits = service.deploy?.resources.limits;
  const limitPairs: readonly [string, number | undefined, string, number | undefined][] = [
    ['cpus', service.cpus, 'cpus', limits?.cpus],
    ['mem_limit', service.memLimitBytes, 'memory', limits?.memoryBytes],
    ['pids_limit', service.pidsLimit, 'pids', limits?.pids],
  ];
  for (const [own, ownValue, deployKey, deployValue] of limitPairs) {
    if (ownValue === undefined || deployValue === undefined || ownValue === deployValue) continue;
    out.push(diagnostic(modelCodes.conflictingLimits, `${name} sets \`${own}\` and \`deploy.resources.limits.${deployKey}\` to different values`, [
      ...valueLabels(origins, at(own), `\`${own}\` here`),
      ...valueLabels(origins, at('deploy', 'resources', 'limits', deployKey), 'and a different limit here'),
    ], { help: 'keep one of the two' }));
  }
  const cpus = limits?.cpus ?? service.cpus;
  if (cpus !== undefined && (service.cpuPeriodUs !== undefined || service.cpuQuotaUs !== undefined)) {
    const other = service.cpuPeriodUs !== undefined ? 'cpu_period' : 'cpu_quota';
    out.push(diagnostic(modelCodes.unsupportedValue, `${name} sets both a CPU count and \`${other}\`; podman (like docker) cannot combine them`, valueLabels(origins, at(other)), {
      help: '`cpus: N` is shorthand for a quota per period: keep either `cpus` or `cpu_period`/`cpu_quota`',
    }));
  }

  for (const mount of service.volumes) {
    if (mount.type === 'npipe' || mount.type === 'cluster') {
      out.push(diagnostic(modelCodes.unsupportedValue, `${name} mounts a volume of type \`${mount.type}\`, which podman does not have`, valueLabels(origins, mount.pointer), {
        help: mount.type === 'npipe' ? 'named pipes exist only on Windows' : 'cluster volumes need swarm',
      }));
    } else if (mount.type === 'volume' && mount.source === undefined) {
      out.push(diagnostic(modelCodes.anonymousVolume, `${name} mounts an anonymous volume at \`${mount.target}\`: its data is lost whenever the unit restarts the container`, valueLabels(origins, mount.pointer), {
        help: `name it (\`data:${mount.target}\` plus \`volumes: { data: {} }\` at the top level) to keep the data`,
      }));
    }
    const recursive = mount.bind?.recursive;
    if (recursive === 'writable' || recursive === 'readonly') {
      out.push(diagnostic(modelCodes.ignoredValue, `\`bind.recursive: ${recursive}\` of ${name} is ignored: podman binds submounts recursively with the mount's own mode`, valueLabels(origins, pointerJoin(pointerJoin(mount.pointer, 'bind'), 'recursive'))));
    }
  }

  if (service.deploy?.mode === 'global') {
    out.push(diagnostic(modelCodes.ignoredValue, `\`deploy.mode: global\` of ${name} is ignored: one container runs on this machine`, valueLabels(origins, at('deploy', 'mode'))));
  }
  const driver = service.logging?.driver;
  if (driver !== undefined && !PODMAN_LOG_DRIVERS.includes(driver)) {
    out.push(diagnostic(modelCodes.ignoredValue, `log driver \`${driver}\` of ${name} is ignored: podman has no such driver, so the container logs to podman's default`, valueLabels(origins, at('logging', 'driver')), {
      help: `podman's log drivers: ${PODMAN_LOG_DRIVERS.map((d) => `\`${d}\``).join(', ')}`,
    }));
  }

  const hc = service.healthcheck;
  if (hc && !hc.disable && hc.test === undefined) {
    const timings = ['interval', 'timeout', 'retries', 'start_period', 'start_interval'].filter((k) => origins.has(at('healthcheck', k)));
    if (timings.length > 0) {
      out.push(diagnostic(modelCodes.ignoredValue, `healthcheck ${timings.map((k) => `\`${k}\``).join(', ')} of ${name} ${timings.length === 1 ? 'is' : 'are'} ignored: podman applies healthcheck timings only together with a command`, timings.flatMap((k) => valueLabels(origins, at('healthcheck', k))), {
        help: 'repeat the image\'s healthcheck command as `test:`',
      }));
    }
  }

  // The Kubernetes output has no `--add-host`: its emitter reports host-gateway entries itself (C753).
  if (!kube) out.push(...hostGatewayDiagnostics(project, service, version));

  for (const grant of service.secrets) {
    for (const id of ['uid', 'gid'] as const) {
      const value = grant[id];
      if (value === undefined || /^\d+$/.test(value)) continue;
      out.push(diagnostic(modelCodes.unsupportedValue, `secret \`${grant.source}\` of ${name} has ${id} \`${value}\`: podman takes a numeric ${id} only`, valueLabels(origins, pointerJoin(grant.pointer, id)), {
        help: `write the numeric ${id} as the container sees it`,
      }));
    }
  }

  (service.deploy?.resources.reservations.devices ?? []).forEach((request, i) => {
    const gpu = request.capabilities.includes('gpu') && (request.driver === undefined || request.driver === 'nvidia');
    if (gpu) return;
    out.push(diagnostic(modelCodes.ignoredValue, `a device reservation of ${name} (capabilities ${request.capabilities.join(', ')}${request.driver ? `, driver ${request.driver}` : ''}) is ignored: only NVIDIA GPU requests have a CDI equivalent`, valueLabels(origins, at('deploy', 'resources', 'reservations', 'devices', String(i))), {
      help: 'name the device under `devices:` (a path or a CDI name)',
    }));
  });
  return out;
}

/**
 * `NAME:host-gateway` on a podman older than 4.7, which refuses it: the flag builders leave the entry out
 * (passesExtraHost), and this says what that changes. In a container nothing changes for the name podman writes
 * into /etc/hosts itself; any other name no longer resolves. A build has no such entry at all.
 */
function hostGatewayDiagnostics(project: ComposeProject, service: Service, version: PodmanVersion): Diagnostic[] {
  const out: Diagnostic[] = [];
  const name = `service \`${service.name}\``;
  const older = `podman versions before ${HOST_GATEWAY_SINCE}`;
  const retarget = `or target podman ${HOST_GATEWAY_SINCE} or newer with --podman-version ${HOST_GATEWAY_SINCE} (which also names the host \`host.docker.internal\` by itself)`;
  // The list form has an entry per index, the mapping form one per host name.
  const entry = (base: Pointer, h: ExtraHost, i: number): Pointer => {
    const list = pointerJoin(base, String(i));
    return project.origins.has(list) ? list : pointerJoin(base, h.host);
  };
  service.extraHosts.forEach((h, i) => {
    if (passesExtraHost(h, version) || h.host === PODMAN_HOST_NAME) return;
    out.push(
      diagnostic(
        modelCodes.ignoredValue,
        `\`${h.host}:host-gateway\` in extra_hosts of ${name} is left out: ${older} have no \`host-gateway\`, so \`${h.host}\` does not resolve in the container. podman names the host \`${PODMAN_HOST_NAME}\` in the container's /etc/hosts instead (the gateway of its bridge network; rootless, the host's first address)`,
        valueLabels(project.origins, entry(pointerJoin(service.pointer, 'extra_hosts'), h, i)),
        { help: `point the service at \`${PODMAN_HOST_NAME}\`, ${retarget}` },
      ),
    );
  });
  service.build?.extraHosts.forEach((h, i) => {
    if (passesExtraHost(h, version)) return;
    out.push(
      diagnostic(
        modelCodes.ignoredValue,
        `\`${h.host}:host-gateway\` in build.extra_hosts of ${name} is left out of \`podman build\`: ${older} have no \`host-gateway\`, and a build gets no \`${PODMAN_HOST_NAME}\` entry either, so \`${h.host}\` does not resolve while the image builds`,
        valueLabels(project.origins, entry(pointerJoin(service.build!.pointer, 'extra_hosts'), h, i)),
        { help: `give the host's address instead of \`host-gateway\`, ${retarget}` },
      ),
    );
  });
  return out;
}

/**
 * `--format quadlet`: the one key whose fate differs from the plain units' by the target. Replicas take a Quadlet
 * template, which an older podman lacks (QUADLET_FATES says which version), where plain units run them everywhere.
 */
function quadletDiagnostics(project: ComposeProject, service: Service, version: PodmanVersion): Diagnostic[] {
  const replicas = service.scale ?? service.deploy?.replicas;
  if (replicas === undefined || replicas === 1) return [];
  const key = service.scale !== undefined ? 'scale' : 'deploy.replicas';
  const fate = QUADLET_FATES.get(`services.*.${key}`);
  const part = fate && 'parts' in fate ? fate.parts.find((p) => p.refusedBefore) : undefined;
  if (!part || compareVersions(version, parsePodmanVersion(part.since)!) >= 0) return [];
  const pointer = key === 'scale' ? pointerJoin(service.pointer, 'scale') : pointerJoin(pointerJoin(service.pointer, 'deploy'), 'replicas');
  return [
    diagnostic(modelCodes.needsNewerPodman, `\`${key}\` of service \`${service.name}\` needs podman ${part.since} or newer with --format quadlet: ${replicas} containers take ${part.carrier.replace('<project>', project.name).replace('<service>', service.name)}`, labelsAt(project.origins, [pointer]), {
      help: `convert with --format units (plain units run replicas on every podman), or target a newer podman with --podman-version ${part.since}`,
    }),
  ];
}

/** The podman-compose extension names the table has below a path (`services.*.x-podman` -> uidmaps, ...). */
function podmanExtensionNames(prefix: string): string[] {
  return SUPPORT_TABLE.filter((r) => r.key.startsWith(`${prefix}.`) && !r.key.slice(prefix.length + 1).includes('.')).map((r) => r.key.slice(prefix.length + 1));
}

/** `x-podman` settings whose value asks for what compose2systemd does not do. */
function podmanValueDiagnostics(project: ComposeProject, pod: boolean): Diagnostic[] {
  const settings = project.podman;
  if (!settings) return [];
  const out: Diagnostic[] = [];
  const at = (name: string) => valueLabels(project.origins, settings.pointers.get(name)!);
  if (settings.inPod === true && !pod) {
    out.push(diagnostic(modelCodes.ignoredValue, '`x-podman.in_pod: true` is ignored: compose2systemd puts the containers in one pod only when converting with --pod', at('in_pod'), {
      help: 'convert with --pod for one pod, or set `in_pod: false` to say that none is wanted',
    }));
  }
  const compat: readonly [keyof typeof settings, string][] = [
    ['dockerComposeCompat', 'docker_compose_compat'],
    ['nameSeparatorCompat', 'name_separator_compat'],
    ['defaultNetNameCompat', 'default_net_name_compat'],
    ['defaultNetBehaviorCompat', 'default_net_behavior_compat'],
  ];
  for (const [field, name] of compat) {
    if (settings[field] !== false) continue;
    out.push(diagnostic(modelCodes.ignoredValue, `\`x-podman.${name}: false\` is ignored: compose2systemd always names containers, networks and volumes and picks the default network as docker compose does`, at(name)));
  }
  return out;
}
