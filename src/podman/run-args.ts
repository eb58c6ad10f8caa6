// Podman run flags: a normalized compose Service (+ project, target podman, pod mode) -> the `podman run` flags
// between `podman run` and the image, raw (escaping is the renderer's job), plus what must exist before the
// container starts. Pure. Reports C558, C560, C561; key-level fates are check-support.ts's (C550-C557).
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { modelCodes } from '../model/codes.js';
import type { ComposeProject, FileGrant, FileSource, Healthcheck, Mount, Service, ServiceNetwork } from '../model/types.js';
import { keySpanAt, pointerJoin, spanAt, type Pointer } from '../source/origins.js';
import { byteSize, entrypointValue, goDuration, healthCommand, octalMode } from './flag-values.js';
import { PODMAN_LOG_DRIVERS } from './run-facts.js';
import { compareVersions, parsePodmanVersion } from './version.js';

export interface RunFlagsContext {
  readonly project: ComposeProject;
  /** Target podman, `X.Y[.Z]`, already validated. */
  readonly podmanVersion: string;
  /**
   * The container joins the project's pod: ports, networks, network aliases, host name, DNS settings and
   * extra hosts belong to the pod, so they are returned in `pod` instead of as flags.
   */
  readonly inPod: boolean;
  /** `--name`; may hold a systemd specifier (e.g. `%i`) placed by the planner. */
  readonly containerName: string;
  /** The container name of another service, for `service:X` in network_mode, ipc, pid and volumes_from. */
  readonly containerNameOf: (service: string) => string;
  /** Host directory where the planner writes `requires.dataFiles` (inline and environment configs). */
  readonly dataDir: string;
}

/** A podman secret the container mounts; the planner creates it from `source` unless that is external. */
export interface SecretRequirement {
  /** Key under the top-level `secrets:`. */
  readonly key: string;
  /** The podman secret's name. */
  readonly name: string;
  readonly source: FileSource;
}

/** A file the planner writes before the container starts (it is bind-mounted read-only). */
export interface DataFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
  /** Key under the top-level `configs:` it comes from. */
  readonly config: string;
}

export interface RunRequirements {
  /** Keys of `project.networks` the container (or, in a pod, the pod) joins. */
  readonly networks: readonly string[];
  /** Keys of `project.volumes` the container mounts. */
  readonly volumes: readonly string[];
  readonly secrets: readonly SecretRequirement[];
  readonly dataFiles: readonly DataFile[];
  /** Bind-mount sources to create as directories when missing (compose's short syntax creates them). */
  readonly hostDirectories: readonly string[];
  /** Services whose containers must exist first (network_mode/ipc/pid `service:`, volumes_from, links). */
  readonly services: readonly string[];
}

/** What this service asks of the pod it joins; the planner merges every service's into `podman pod create`. */
export interface PodContribution {
  /** `--publish` values. */
  readonly publish: readonly string[];
  /** Names that must resolve to this service inside the pod (`--add-host NAME:127.0.0.1`): the service name and its aliases. */
  readonly hostAliases: readonly string[];
  /** `--add-host` values (`name:ip`). */
  readonly addHosts: readonly string[];
  readonly dns: readonly string[];
  readonly dnsSearch: readonly string[];
  readonly dnsOptions: readonly string[];
}

export interface RunFlags {
  readonly flags: string[];
  readonly diagnostics: Diagnostic[];
  readonly requires: RunRequirements;
  /** Present when `ctx.inPod`. */
  readonly pod?: PodContribution;
}

/** The labels that tie a container back to its project and service, as docker compose sets them. */
export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';

/** Podman's `--health-startup-*` flags (checked: absent from 4.3.1; Quadlet's HealthStartup* keys came in 4.5). */
const HEALTH_STARTUP_SINCE = '4.4';

export function podmanRunFlags(service: Service, ctx: RunFlagsContext): RunFlags {
  return new RunFlagsBuilder(service, ctx).build();
}

class RunFlagsBuilder {
  private readonly flags: string[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly networks: string[] = [];
  private readonly volumes: string[] = [];
  private readonly secrets: SecretRequirement[] = [];
  private readonly dataFiles: DataFile[] = [];
  private readonly hostDirectories: string[] = [];
  private readonly services: string[] = [];
  private readonly pod = { publish: [] as string[], hostAliases: [] as string[], addHosts: [] as string[], dns: [] as string[], dnsSearch: [] as string[], dnsOptions: [] as string[] };

  constructor(
    private readonly service: Service,
    private readonly ctx: RunFlagsContext,
  ) {}

  build(): RunFlags {
    this.identity();
    this.process();
    this.networking();
    this.storage();
    this.devices();
    this.security();
    this.resources();
    this.health();
    this.lifecycle();
    return {
      flags: this.flags,
      diagnostics: this.diagnostics,
      requires: {
        networks: this.networks,
        volumes: this.volumes,
        secrets: this.secrets,
        dataFiles: this.dataFiles,
        hostDirectories: this.hostDirectories,
        services: this.services,
      },
      ...(this.ctx.inPod ? { pod: this.pod } : {}),
    };
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** A value that starts with `-` is joined to its flag (`--oom-score-adj=-500`), so no reader takes it for a flag. */
  private add(flag: string, value?: string): void {
    if (value === undefined) this.flags.push(flag);
    else if (value.startsWith('-')) this.flags.push(`${flag}=${value}`);
    else this.flags.push(flag, value);
  }

  private addEach(flag: string, values: Iterable<string>): void {
    for (const v of values) this.add(flag, v);
  }

  private at(...keys: string[]): Pointer {
    return keys.reduce<Pointer>((p, k) => pointerJoin(p, k), this.service.pointer);
  }

  /** Located at the value of `pointer`, or at its key with `atKey` (for an entry of a mapping). */
  private report(code: (typeof modelCodes)[keyof typeof modelCodes], message: string, pointer: Pointer, help?: string, atKey = false): void {
    const origins = this.ctx.project.origins;
    const span = atKey ? keySpanAt(origins, pointer) : spanAt(origins, pointer);
    this.diagnostics.push(diagnostic(code, message, span ? [{ span }] : [], help === undefined ? {} : { help }));
  }

  private need(list: string[], value: string): void {
    if (!list.includes(value)) list.push(value);
  }

  /** `service:X` -> `container:<X's container name>` (and X must start first); other values as written. */
  private namespaceRef(value: string): string {
    if (!value.startsWith('service:')) return value;
    const other = value.slice('service:'.length);
    this.need(this.services, other);
    return `container:${this.ctx.containerNameOf(other)}`;
  }

  private atLeast(version: string): boolean {
    return compareVersions(parsePodmanVersion(this.ctx.podmanVersion)!, parsePodmanVersion(version)!) >= 0;
  }

  // ---- families, in the order the flags appear ------------------------------------------------

  private identity(): void {
    const s = this.service;
    this.add('--name', this.ctx.containerName);
    this.add('--label', `${PROJECT_LABEL}=${this.ctx.project.name}`);
    this.add('--label', `${SERVICE_LABEL}=${s.name}`);
    for (const [k, v] of s.labels) if (k !== PROJECT_LABEL && k !== SERVICE_LABEL) this.add('--label', `${k}=${v}`);
    for (const [k, v] of s.annotations) this.add('--annotation', `${k}=${v}`);
  }

  private process(): void {
    const s = this.service;
    for (const [k, v] of s.environment) this.add('--env', `${k}=${v}`);
    if (s.user !== undefined) this.add('--user', s.user);
    this.addEach('--group-add', s.groupAdd);
    if (s.workingDir !== undefined) this.add('--workdir', s.workingDir);
    if (s.entrypoint !== undefined) {
      const value = entrypointValue(s.entrypoint);
      if (value === '') this.add('--entrypoint=');
      else this.add('--entrypoint', value);
    }
    if (s.platform !== undefined) this.add('--platform', s.platform);
  }

  private networking(): void {
    const s = this.service;
    const inPod = this.ctx.inPod;
    const aliases = this.aliasesOf();

    if (inPod) {
      for (const n of s.networks) if (this.projectNetwork(n)) this.need(this.networks, n.name);
      for (const a of [s.name, ...s.networks.flatMap((n) => n.aliases), ...aliases]) this.need(this.pod.hostAliases, a);
    } else if (s.networkMode !== undefined) {
      this.networkMode(s.networkMode);
    } else {
      this.attachNetworks(aliases);
      if (s.hostname !== undefined) this.add('--hostname', s.hostname);
    }

    const ports = s.ports.map(publishValue);
    const hosts = s.extraHosts.map((h) => `${h.host}:${h.ip}`);
    if (inPod) {
      this.pod.publish.push(...ports);
      this.pod.addHosts.push(...hosts);
      this.pod.dns.push(...s.dns);
      this.pod.dnsSearch.push(...s.dnsSearch);
      this.pod.dnsOptions.push(...s.dnsOpt);
    } else {
      this.addEach('--dns', s.dns);
      this.addEach('--dns-search', s.dnsSearch);
      this.addEach('--dns-option', s.dnsOpt);
      this.addEach('--add-host', hosts);
      this.addEach('--publish', ports);
    }
    this.addEach('--expose', s.expose);
    for (const link of s.links) this.need(this.services, link.split(':')[0]!);
  }

  /** Aliases of this service: its own per-network ones are added per network; these are the links of others. */
  private aliasesOf(): string[] {
    const out: string[] = [];
    for (const other of this.ctx.project.services.values()) {
      if (other.name === this.service.name) continue;
      for (const link of other.links) {
        const [target, alias] = link.split(':');
        if (target === this.service.name && alias !== undefined && alias !== '' && alias !== target && !out.includes(alias)) out.push(alias);
      }
    }
    return out;
  }

  private projectNetwork(n: ServiceNetwork): string | undefined {
    const network = this.ctx.project.networks.get(n.name);
    if (!network) {
      this.report(modelCodes.unknownReference, `service \`${this.service.name}\` joins network \`${n.name}\`, which the top-level \`networks:\` does not declare`, n.pointer, 'declare it under `networks:`');
      return undefined;
    }
    return network.name;
  }

  private networkMode(mode: string): void {
    const s = this.service;
    if (mode === 'bridge' && s.macAddress !== undefined) {
      this.add('--network', `bridge:mac=${s.macAddress}`);
    } else {
      this.add('--network', this.namespaceRef(mode));
      if (s.macAddress !== undefined) {
        this.report(modelCodes.ignoredValue, `\`mac_address\` of service \`${s.name}\` is ignored with \`network_mode: ${mode}\``, this.at('mac_address'));
      }
    }
    if (s.hostname !== undefined) this.add('--hostname', s.hostname);
  }

  /** `--network NAME:alias=<service>,alias=...,ip=...`: podman's per-network options (podman 4.0). */
  private attachNetworks(linkAliases: readonly string[]): void {
    const s = this.service;
    // Compose connects higher `priority` first; ties keep the model's (name) order.
    const ordered = s.networks.map((n, i) => ({ n, i })).sort((a, b) => (b.n.priority ?? 0) - (a.n.priority ?? 0) || a.i - b.i).map((x) => x.n);
    ordered.forEach((n, index) => {
      const name = this.projectNetwork(n);
      if (name === undefined) return;
      this.need(this.networks, n.name);
      const options: string[] = [];
      const aliases = [s.name, ...n.aliases, ...linkAliases].filter((a, i, all) => all.indexOf(a) === i);
      for (const a of aliases) options.push(`alias=${a}`);
      if (n.ipv4Address !== undefined) options.push(`ip=${n.ipv4Address}`);
      if (n.ipv6Address !== undefined) options.push(`ip6=${n.ipv6Address}`);
      const mac = n.macAddress ?? (index === 0 ? s.macAddress : undefined);
      if (mac !== undefined) options.push(`mac=${mac}`);
      if (n.interfaceName !== undefined) options.push(`interface_name=${n.interfaceName}`);
      const bad = options.find((o) => o.slice(o.indexOf('=') + 1).includes(',') || o.endsWith('='));
      if (name.includes(':') || bad !== undefined) {
        this.report(modelCodes.unrepresentableValue, `network \`${n.name}\` of service \`${s.name}\`: ${bad === undefined ? `the name \`${name}\` contains \`:\`` : `\`${bad}\` is empty or contains \`,\``}, which podman's \`--network\` syntax cannot carry`, n.pointer, undefined, true);
        return;
      }
      this.add('--network', `${name}:${options.join(',')}`);
    });
  }

  private storage(): void {
    const s = this.service;
    s.volumes.forEach((m) => this.mount(m));
    for (const t of s.tmpfs) this.add('--tmpfs', t.options === undefined ? t.target : `${t.target}:${t.options}`);
    s.secrets.forEach((g) => this.secret(g));
    s.configs.forEach((g) => this.config(g));
    s.volumesFrom.forEach((v) => this.volumesFrom(v));
  }

  private mount(m: Mount): void {
    const ro = m.readOnly;
    switch (m.type) {
      case 'bind': {
        const source = m.source!;
        if (m.bind?.createHostPath === true) this.need(this.hostDirectories, source);
        const opts = [ro ? 'ro' : '', m.bind?.selinux ?? '', m.bind?.propagation ?? '', m.bind?.recursive === 'disabled' ? 'bind' : ''].filter((o) => o !== '');
        if (!source.includes(':') && !m.target.includes(':')) {
          this.add('--volume', `${source}:${m.target}${opts.length > 0 ? `:${opts.join(',')}` : ''}`);
          return;
        }
        const relabel = m.bind?.selinux === 'z' ? 'shared' : m.bind?.selinux === 'Z' ? 'private' : undefined;
        this.mountFlag(m, ['type=bind', `source=${source}`, `destination=${m.target}`, ro ? 'ro=true' : '', relabel ? `relabel=${relabel}` : '', m.bind?.propagation ? `bind-propagation=${m.bind.propagation}` : '']);
        return;
      }
      case 'volume': {
        if (m.source === undefined) {
          if (!ro && !m.target.includes(':')) this.add('--volume', m.target);
          else this.mountFlag(m, ['type=volume', `destination=${m.target}`, ro ? 'ro' : '']);
          return;
        }
        const volume = this.ctx.project.volumes.get(m.source);
        if (!volume) {
          this.report(modelCodes.unknownReference, `service \`${this.service.name}\` mounts volume \`${m.source}\`, which the top-level \`volumes:\` does not declare`, m.pointer, 'declare it under `volumes:`');
          return;
        }
        this.need(this.volumes, m.source);
        const nocopy = m.volume?.nocopy === true;
        if (m.volume?.subpath !== undefined || m.target.includes(':')) {
          this.mountFlag(m, ['type=volume', `source=${volume.name}`, `destination=${m.target}`, ro ? 'ro' : '', nocopy ? 'nocopy' : '', m.volume?.subpath !== undefined ? `subpath=${m.volume.subpath}` : '']);
          return;
        }
        const opts = [ro ? 'ro' : '', nocopy ? 'nocopy' : ''].filter((o) => o !== '');
        this.add('--volume', `${volume.name}:${m.target}${opts.length > 0 ? `:${opts.join(',')}` : ''}`);
        return;
      }
      case 'tmpfs':
        this.mountFlag(m, [
          'type=tmpfs',
          `destination=${m.target}`,
          m.tmpfs?.sizeBytes !== undefined ? `tmpfs-size=${m.tmpfs.sizeBytes}` : '',
          m.tmpfs?.mode !== undefined ? `tmpfs-mode=${m.tmpfs.mode.toString(8)}` : '',
          ro ? 'ro' : '',
        ]);
        return;
      case 'image':
        this.mountFlag(m, ['type=image', `source=${m.source ?? ''}`, `destination=${m.target}`, m.image?.subpath !== undefined ? `subpath=${m.image.subpath}` : '']);
        return;
      default:
        return; // npipe, cluster: refused by checkSupport (C557)
    }
  }

  /** `--mount` takes comma-separated options, so no value may contain a comma. */
  private mountFlag(m: Mount, options: readonly string[]): void {
    const used = options.filter((o) => o !== '');
    const bad = used.find((o) => o.includes(','));
    if (bad !== undefined) {
      this.report(modelCodes.unrepresentableValue, `a volume of service \`${this.service.name}\` cannot be passed to podman: \`${bad}\` contains \`,\` (and the path holds \`:\` or needs \`--mount\`)`, m.pointer, 'rename the path');
      return;
    }
    this.add('--mount', used.join(','));
  }

  private secret(g: FileGrant): void {
    const secret = this.ctx.project.secrets.get(g.source);
    if (!secret) {
      this.report(modelCodes.unknownReference, `service \`${this.service.name}\` uses secret \`${g.source}\`, which the top-level \`secrets:\` does not declare`, g.pointer, 'declare it under `secrets:`');
      return;
    }
    if (!this.secrets.some((r) => r.key === g.source)) this.secrets.push({ key: g.source, name: secret.name, source: secret.source });
    // A target under /run/secrets is given as a bare name: every podman version mounts those there.
    const inRunSecrets = /^\/run\/secrets\/([^/]+)$/.exec(g.target);
    const options = [`${secret.name}`, 'type=mount', `target=${inRunSecrets ? inRunSecrets[1] : g.target}`];
    if (g.uid !== undefined && /^\d+$/.test(g.uid)) options.push(`uid=${g.uid}`);
    if (g.gid !== undefined && /^\d+$/.test(g.gid)) options.push(`gid=${g.gid}`);
    if (g.mode !== undefined) options.push(`mode=${octalMode(g.mode)}`);
    if (options.some((o) => o.includes(','))) {
      this.report(modelCodes.unrepresentableValue, `secret \`${g.source}\` of service \`${this.service.name}\` cannot be passed to podman: its name or target contains \`,\``, g.pointer);
      return;
    }
    this.add('--secret', options.join(','));
  }

  private config(g: FileGrant): void {
    const config = this.ctx.project.configs.get(g.source);
    if (!config) {
      this.report(modelCodes.unknownReference, `service \`${this.service.name}\` uses config \`${g.source}\`, which the top-level \`configs:\` does not declare`, g.pointer, 'declare it under `configs:`');
      return;
    }
    const src = config.source;
    let hostPath: string;
    if (src.kind === 'file') {
      hostPath = src.path;
    } else if (src.kind === 'content' || src.kind === 'environment') {
      const content = src.kind === 'content' ? src.content : src.value;
      if (content === undefined) {
        this.report(modelCodes.unknownReference, `config \`${g.source}\` comes from the variable \`${src.kind === 'environment' ? src.variable : ''}\`, which is not set`, pointerJoin(config.pointer, 'environment'), 'set the variable when converting');
        return;
      }
      hostPath = `${this.ctx.dataDir}/configs/${config.name}`;
      if (!this.dataFiles.some((f) => f.path === hostPath)) this.dataFiles.push({ path: hostPath, content, mode: g.mode ?? 0o444, config: g.source });
    } else {
      return; // external: refused by checkSupport (C551)
    }
    if (hostPath.includes(':') || g.target.includes(':')) {
      if (hostPath.includes(',') || g.target.includes(',')) {
        this.report(modelCodes.unrepresentableValue, `config \`${g.source}\` of service \`${this.service.name}\` cannot be passed to podman: its path contains both \`:\` and \`,\``, g.pointer);
        return;
      }
      this.add('--mount', `type=bind,source=${hostPath},destination=${g.target},ro=true`);
      return;
    }
    this.add('--volume', `${hostPath}:${g.target}:ro`);
  }

  /** `service[:ro|rw]` or `container:name[:ro|rw]`. */
  private volumesFrom(entry: string): void {
    const m = /^(container:)?(.*?)(?::(ro|rw))?$/.exec(entry)!;
    const name = m[1] ? m[2]! : this.ctx.containerNameOf(m[2]!);
    if (!m[1]) this.need(this.services, m[2]!);
    this.add('--volumes-from', m[3] ? `${name}:${m[3]}` : name);
  }

  private devices(): void {
    const s = this.service;
    for (const d of s.devices) {
      if (d.target === undefined && d.permissions === undefined) this.add('--device', d.source);
      else this.add('--device', [d.source, d.target ?? d.source, ...(d.permissions !== undefined ? [d.permissions] : [])].join(':'));
    }
    (s.deploy?.resources.reservations.devices ?? []).forEach((r) => {
      if (!r.capabilities.includes('gpu') || (r.driver !== undefined && r.driver !== 'nvidia')) return; // C558 from checkSupport
      const ids = r.deviceIds.length > 0 ? r.deviceIds : r.count === undefined || r.count < 0 ? ['all'] : Array.from({ length: r.count }, (_, i) => String(i));
      for (const id of ids) this.add('--device', `nvidia.com/gpu=${id}`);
    });
    this.addEach('--device-cgroup-rule', s.deviceCgroupRules);
  }

  private security(): void {
    const s = this.service;
    if (s.readOnly === true) this.add('--read-only');
    if (s.privileged === true) this.add('--privileged');
    this.addEach('--cap-add', s.capAdd);
    this.addEach('--cap-drop', s.capDrop);
    this.addEach('--security-opt', s.securityOpt);
    if (s.userns !== undefined && !this.ctx.inPod) this.add('--userns', s.userns);
    if (s.ipc !== undefined) this.add('--ipc', this.namespaceRef(s.ipc));
    if (s.pid !== undefined) this.add('--pid', this.namespaceRef(s.pid));
    if (s.uts !== undefined) this.add('--uts', s.uts);
    if (s.cgroup !== undefined) this.add('--cgroupns', s.cgroup);
    if (s.cgroupParent !== undefined) this.add('--cgroup-parent', s.cgroupParent);
    if (s.runtime !== undefined) this.add('--runtime', s.runtime);
  }

  private resources(): void {
    const s = this.service;
    const limits = s.deploy?.resources.limits;
    const reservations = s.deploy?.resources.reservations;
    for (const [k, v] of s.sysctls) this.add('--sysctl', `${k}=${v}`);
    for (const [name, u] of s.ulimits) this.add('--ulimit', u.soft === u.hard ? `${name}=${u.soft}` : `${name}=${u.soft}:${u.hard}`);
    for (const [k, v] of s.storageOpt) this.add('--storage-opt', `${k}=${v}`);
    if (s.shmSizeBytes !== undefined) this.add('--shm-size', byteSize(s.shmSizeBytes));
    // As docker compose: deploy.resources wins over the service-level key (check-support refuses two different values).
    const memory = limits?.memoryBytes ?? s.memLimitBytes;
    if (memory !== undefined) this.add('--memory', byteSize(memory));
    const reservation = reservations?.memoryBytes ?? s.memReservationBytes;
    if (reservation !== undefined) this.add('--memory-reservation', byteSize(reservation));
    if (s.memswapLimitBytes !== undefined) this.add('--memory-swap', s.memswapLimitBytes < 0 ? '-1' : byteSize(s.memswapLimitBytes));
    if (s.memSwappiness !== undefined) this.add('--memory-swappiness', String(s.memSwappiness));
    if (s.oomKillDisable === true) this.add('--oom-kill-disable');
    if (s.oomScoreAdj !== undefined) this.add('--oom-score-adj', String(s.oomScoreAdj));
    const cpus = limits?.cpus ?? s.cpus;
    if (cpus !== undefined) this.add('--cpus', String(cpus));
    if (s.cpuShares !== undefined) this.add('--cpu-shares', String(s.cpuShares));
    if (s.cpuPeriodUs !== undefined) this.add('--cpu-period', String(s.cpuPeriodUs));
    if (s.cpuQuotaUs !== undefined) this.add('--cpu-quota', String(s.cpuQuotaUs));
    if (s.cpuRtPeriodUs !== undefined) this.add('--cpu-rt-period', String(s.cpuRtPeriodUs));
    if (s.cpuRtRuntimeUs !== undefined) this.add('--cpu-rt-runtime', String(s.cpuRtRuntimeUs));
    if (s.cpuset !== undefined) this.add('--cpuset-cpus', s.cpuset);
    const pids = limits?.pids ?? s.pidsLimit;
    if (pids !== undefined) this.add('--pids-limit', String(pids));
    const b = s.blkioConfig;
    if (b) {
      if (b.weight !== undefined) this.add('--blkio-weight', String(b.weight));
      for (const d of b.weightDevice) this.add('--blkio-weight-device', `${d.path}:${d.weight}`);
      for (const d of b.deviceReadBps) this.add('--device-read-bps', `${d.path}:${d.rate}`);
      for (const d of b.deviceWriteBps) this.add('--device-write-bps', `${d.path}:${d.rate}`);
      for (const d of b.deviceReadIops) this.add('--device-read-iops', `${d.path}:${d.rate}`);
      for (const d of b.deviceWriteIops) this.add('--device-write-iops', `${d.path}:${d.rate}`);
    }
  }

  private health(): void {
    const hc = this.service.healthcheck;
    if (!hc) return;
    if (hc.disable) {
      this.add('--no-healthcheck');
      return;
    }
    const cmd = hc.test === undefined ? undefined : this.healthCmd(hc);
    if (cmd !== undefined) this.add('--health-cmd', cmd);
    // Zero means "the default" in compose; podman would read it as "never" (interval) or refuse it.
    if (hc.intervalMs !== undefined && hc.intervalMs > 0) this.add('--health-interval', goDuration(hc.intervalMs));
    if (hc.timeoutMs !== undefined && hc.timeoutMs > 0) this.add('--health-timeout', goDuration(hc.timeoutMs));
    if (hc.retries !== undefined && hc.retries > 0) this.add('--health-retries', String(hc.retries));
    if (hc.startPeriodMs !== undefined) this.add('--health-start-period', goDuration(hc.startPeriodMs));
    // start_interval: podman's startup check, which needs its own command (C553/C558 from checkSupport otherwise).
    if (hc.startIntervalMs !== undefined && hc.startIntervalMs > 0 && cmd !== undefined && this.atLeast(HEALTH_STARTUP_SINCE)) {
      this.add('--health-startup-cmd', cmd);
      this.add('--health-startup-interval', goDuration(hc.startIntervalMs));
      if (hc.timeoutMs !== undefined && hc.timeoutMs > 0) this.add('--health-startup-timeout', goDuration(hc.timeoutMs));
    }
  }

  private healthCmd(hc: Healthcheck): string | undefined {
    const encoded = healthCommand(hc.test!);
    if (encoded.ok) return encoded.value;
    this.report(modelCodes.unrepresentableValue, `the healthcheck test of service \`${this.service.name}\` cannot be passed to podman: ${encoded.reason}`, pointerJoin(hc.pointer, 'test'), 'split the command into words, or write it as a `CMD-SHELL` test');
    return undefined;
  }

  private lifecycle(): void {
    const s = this.service;
    if (s.stopSignal !== undefined) this.add('--stop-signal', s.stopSignal);
    if (s.stopGracePeriodMs !== undefined) this.add('--stop-timeout', String(stopTimeoutSeconds(s.stopGracePeriodMs)));
    if (s.init === true) this.add('--init');
    if (s.tty === true) this.add('--tty');
    if (s.stdinOpen === true) this.add('--interactive');
    const driver = s.logging?.driver;
    const driverKnown = driver === undefined || PODMAN_LOG_DRIVERS.includes(driver);
    if (driver !== undefined && driverKnown) this.add('--log-driver', driver);
    // Options of a driver podman lacks would only confuse podman's own driver (C558 from checkSupport).
    if (driverKnown) for (const [k, v] of s.logging?.options ?? []) this.add('--log-opt', `${k}=${v}`);
  }
}

/** `--stop-timeout` takes whole seconds: rounded up so the container never gets less time than asked. */
export function stopTimeoutSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

/** `[host_ip:][published:]target[/protocol]`, with an IPv6 host address in brackets. */
export function publishValue(p: Service['ports'][number]): string {
  const target = p.targetEnd !== undefined && p.targetEnd !== p.target ? `${p.target}-${p.targetEnd}` : String(p.target);
  const proto = p.protocol === 'tcp' ? '' : `/${p.protocol}`;
  if (p.hostIp !== undefined) {
    const ip = p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
    return `${ip}:${p.published ?? ''}:${target}${proto}`;
  }
  return `${p.published !== undefined ? `${p.published}:` : ''}${target}${proto}`;
}
