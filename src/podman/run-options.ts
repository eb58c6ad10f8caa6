// Podman run options: a normalized compose Service (+ project, target podman, pod mode, names the planner chose)
// -> the options between `podman run` and the image, raw values located at the compose key they come from
// (escaping is the renderer's job). Shared by the plain units and Quadlet: which flag carries a compose key
// is decided here once. Pure. Reports C558, C560; key-level fates are check-support.ts's (C550-C557).
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { modelCodes } from '../model/codes.js';
import { passesExtraHost } from '../model/host-gateway.js';
import { isLiteral, type ComposeProject, type FileGrant, type Healthcheck, type Mount, type Service, type ServiceNetwork } from '../model/types.js';
import { keySpanAt, pointerJoin, spanAt, type Pointer } from '../source/origins.js';
import { byteSize, entrypointValue, goDuration, healthCommand, octalMode } from './flag-values.js';
import { PODMAN_LOG_DRIVERS } from './run-facts.js';
import { compareVersions, parsePodmanVersion } from './version.js';

export interface RunOptionsContext {
  readonly project: ComposeProject;
  /** Target podman, `X.Y[.Z]`, already validated. */
  readonly podmanVersion: string;
  /**
   * The container joins the project's pod: ports, networks, network aliases, host name, DNS settings and
   * extra hosts belong to the pod (the planner's PodPlan), so they are left out here.
   */
  readonly inPod: boolean;
  /** `--name`; may hold a systemd specifier placeholder (e.g. the instance) placed by the planner. */
  readonly containerName: string;
  /** The container name of another service, for `service:X` in network_mode, ipc, pid and volumes_from. */
  readonly containerNameOf: (service: string) => string;
  /** The networks the container joins, in order (the planner's `attachedNetworks`). */
  readonly networks: readonly ServiceNetwork[];
  /** Host paths of the config files the planner writes before the start, by config key. */
  readonly configPaths: ReadonlyMap<string, string>;
  /** `podman auto-update` policy for a service that sets no `io.containers.autoupdate` label of its own. */
  readonly autoUpdate?: 'registry' | 'local';
  /**
   * The env file that holds the environment values not written in the compose file itself (see
   * `Service.environmentSources`): they are left out of `--env` and the file is given with `--env-file`.
   */
  readonly envFile?: string;
}

/** A reference to a project network or named volume, which Quadlet spells by its file name. */
export type ResourceRef =
  | { readonly kind: 'network'; readonly key: string; readonly name: string; readonly options: readonly string[] }
  | { readonly kind: 'volume'; readonly key: string; readonly name: string };

export interface RunOption {
  /** The flag, e.g. `--cap-add`. */
  readonly flag: string;
  /** The value; undefined for a switch (`--init`). */
  readonly value?: string;
  /** The compose value it comes from (a value that cannot be written is reported there). */
  readonly pointer: Pointer;
  readonly ref?: ResourceRef;
}

export interface RunOptions {
  readonly options: readonly RunOption[];
  readonly diagnostics: Diagnostic[];
}

/** The labels that tie a container back to its project and service, as docker compose sets them. */
export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';
/** The label `podman auto-update` looks for (with PODMAN_SYSTEMD_UNIT, which podman takes from the unit). */
export const AUTO_UPDATE_LABEL = 'io.containers.autoupdate';

/** Podman's `--health-startup-*` flags (checked: absent from 4.3.1; Quadlet's HealthStartup* keys came in 4.5). */
const HEALTH_STARTUP_SINCE = '4.4';

export function podmanRunOptions(service: Service, ctx: RunOptionsContext): RunOptions {
  return new RunOptionsBuilder(service, ctx).build();
}

/**
 * The words of one option on a command line: a value that starts with `-` (or is empty) is joined to its flag
 * (`--oom-score-adj=-500`), so no reader takes it for a flag of its own.
 */
export function optionWords(o: Pick<RunOption, 'flag' | 'value'>): string[] {
  if (o.value === undefined) return [o.flag];
  if (o.value === '' || o.value.startsWith('-')) return [`${o.flag}=${o.value}`];
  return [o.flag, o.value];
}

class RunOptionsBuilder {
  private readonly options: RunOption[] = [];
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly service: Service,
    private readonly ctx: RunOptionsContext,
  ) {}

  build(): RunOptions {
    this.identity();
    this.process();
    this.networking();
    this.storage();
    this.devices();
    this.security();
    this.resources();
    this.health();
    this.lifecycle();
    return { options: this.options, diagnostics: this.diagnostics };
  }

  // ---- helpers -------------------------------------------------------------------------------

  private add(flag: string, value: string | undefined, pointer: Pointer, ref?: ResourceRef): void {
    this.options.push({ flag, ...(value !== undefined ? { value } : {}), pointer, ...(ref ? { ref } : {}) });
  }

  private addEach(flag: string, values: Iterable<string>, key: string): void {
    for (const v of values) this.add(flag, v, this.at(key));
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

  /** `service:X` -> `container:<X's container name>`; other values as written. */
  private namespaceRef(value: string): string {
    if (!value.startsWith('service:')) return value;
    return `container:${this.ctx.containerNameOf(value.slice('service:'.length))}`;
  }

  private atLeast(version: string): boolean {
    return compareVersions(parsePodmanVersion(this.ctx.podmanVersion)!, parsePodmanVersion(version)!) >= 0;
  }

  // ---- families, in the order the options appear ----------------------------------------------

  private identity(): void {
    const s = this.service;
    this.add('--name', this.ctx.containerName, s.containerName !== undefined ? this.at('container_name') : s.pointer);
    this.add('--label', `${PROJECT_LABEL}=${this.ctx.project.name}`, this.at('labels', PROJECT_LABEL));
    this.add('--label', `${SERVICE_LABEL}=${s.name}`, this.at('labels', SERVICE_LABEL));
    for (const [k, v] of s.labels) if (k !== PROJECT_LABEL && k !== SERVICE_LABEL) this.add('--label', `${k}=${v}`, this.at('labels', k));
    if (this.ctx.autoUpdate !== undefined && !s.labels.has(AUTO_UPDATE_LABEL)) this.add('--label', `${AUTO_UPDATE_LABEL}=${this.ctx.autoUpdate}`, s.pointer);
    for (const [k, v] of s.annotations) this.add('--annotation', `${k}=${v}`, this.at('annotations', k));
  }

  private process(): void {
    const s = this.service;
    const envFile = this.ctx.envFile;
    for (const [k, v] of s.environment) if (envFile === undefined || isLiteral(s.environmentSources.get(k))) this.add('--env', `${k}=${v}`, this.at('environment', k));
    if (envFile !== undefined) this.add('--env-file', envFile, this.at('environment'));
    if (s.user !== undefined) this.add('--user', s.user, this.at('user'));
    this.addEach('--group-add', s.groupAdd, 'group_add');
    if (s.workingDir !== undefined) this.add('--workdir', s.workingDir, this.at('working_dir'));
    if (s.entrypoint !== undefined) this.add('--entrypoint', entrypointValue(s.entrypoint), this.at('entrypoint'));
    if (s.platform !== undefined) this.add('--platform', s.platform, this.at('platform'));
  }

  private networking(): void {
    const s = this.service;
    if (!this.ctx.inPod) {
      if (s.networkMode !== undefined) this.networkMode(s.networkMode);
      else {
        this.attachNetworks(this.linkAliases());
        if (s.hostname !== undefined) this.add('--hostname', s.hostname, this.at('hostname'));
      }
      this.addEach('--dns', s.dns, 'dns');
      this.addEach('--dns-search', s.dnsSearch, 'dns_search');
      this.addEach('--dns-option', s.dnsOpt, 'dns_opt');
      this.addEach('--add-host', s.extraHosts.filter((h) => passesExtraHost(h, parsePodmanVersion(this.ctx.podmanVersion)!)).map((h) => `${h.host}:${h.ip}`), 'extra_hosts');
      s.ports.forEach((p) => this.add('--publish', publishValue(p), p.pointer));
    }
    this.addEach('--expose', s.expose, 'expose');
  }

  /** Aliases other services give this one with `links: [this:alias]`; its own per-network aliases are added per network. */
  private linkAliases(): readonly string[] {
    return linkAliasesOf(this.ctx.project).get(this.service.name) ?? [];
  }

  private networkMode(mode: string): void {
    const s = this.service;
    if (mode === 'bridge' && s.macAddress !== undefined) {
      this.add('--network', `bridge:mac=${s.macAddress}`, this.at('network_mode'));
    } else {
      this.add('--network', this.namespaceRef(mode), this.at('network_mode'));
      if (s.macAddress !== undefined) {
        this.report(modelCodes.ignoredValue, `\`mac_address\` of service \`${s.name}\` is ignored with \`network_mode: ${mode}\``, this.at('mac_address'));
      }
    }
    if (s.hostname !== undefined) this.add('--hostname', s.hostname, this.at('hostname'));
  }

  /** `--network NAME:alias=<service>,alias=...,ip=...`: podman's per-network options (podman 4.0). */
  private attachNetworks(linkAliases: readonly string[]): void {
    const s = this.service;
    this.ctx.networks.forEach((n, index) => {
      const network = this.ctx.project.networks.get(n.name);
      if (!network) return; // undeclared: reported by the planner (C561)
      const name = network.name;
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
      this.add('--network', `${name}:${options.join(',')}`, this.at('networks'), { kind: 'network', key: n.name, name, options });
    });
  }

  private storage(): void {
    const s = this.service;
    s.volumes.forEach((m) => this.mount(m));
    for (const t of s.tmpfs) this.add('--tmpfs', t.options === undefined ? t.target : `${t.target}:${t.options}`, this.at('tmpfs'));
    s.secrets.forEach((g) => this.secret(g));
    s.configs.forEach((g) => this.config(g));
    s.volumesFrom.forEach((v) => this.volumesFrom(v));
  }

  private mount(m: Mount): void {
    const ro = m.readOnly;
    const at = this.at('volumes');
    switch (m.type) {
      case 'bind': {
        const source = m.source!;
        const opts = [ro ? 'ro' : '', m.bind?.selinux ?? '', m.bind?.propagation ?? '', m.bind?.recursive === 'disabled' ? 'bind' : ''].filter((o) => o !== '');
        if (!source.includes(':') && !m.target.includes(':')) {
          this.add('--volume', `${source}:${m.target}${opts.length > 0 ? `:${opts.join(',')}` : ''}`, at);
          return;
        }
        const relabel = m.bind?.selinux === 'z' ? 'shared' : m.bind?.selinux === 'Z' ? 'private' : undefined;
        this.mountFlag(m, ['type=bind', `source=${source}`, `destination=${m.target}`, ro ? 'ro=true' : '', relabel ? `relabel=${relabel}` : '', m.bind?.propagation ? `bind-propagation=${m.bind.propagation}` : '']);
        return;
      }
      case 'volume': {
        if (m.source === undefined) {
          if (!ro && !m.target.includes(':')) this.add('--volume', m.target, at);
          else this.mountFlag(m, ['type=volume', `destination=${m.target}`, ro ? 'ro' : '']);
          return;
        }
        const volume = this.ctx.project.volumes.get(m.source);
        if (!volume) return; // undeclared: reported by the planner (C561)
        const ref: ResourceRef = { kind: 'volume', key: m.source, name: volume.name };
        const nocopy = m.volume?.nocopy === true;
        if (m.volume?.subpath !== undefined || m.target.includes(':')) {
          this.mountFlag(m, ['type=volume', `source=${volume.name}`, `destination=${m.target}`, ro ? 'ro' : '', nocopy ? 'nocopy' : '', m.volume?.subpath !== undefined ? `subpath=${m.volume.subpath}` : ''], ref);
          return;
        }
        const opts = [ro ? 'ro' : '', nocopy ? 'nocopy' : ''].filter((o) => o !== '');
        this.add('--volume', `${volume.name}:${m.target}${opts.length > 0 ? `:${opts.join(',')}` : ''}`, at, ref);
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
  private mountFlag(m: Mount, options: readonly string[], ref?: ResourceRef): void {
    const used = options.filter((o) => o !== '');
    const bad = used.find((o) => o.includes(','));
    if (bad !== undefined) {
      this.report(modelCodes.unrepresentableValue, `a volume of service \`${this.service.name}\` cannot be passed to podman: \`${bad}\` contains \`,\` (and the path holds \`:\` or needs \`--mount\`)`, m.pointer, 'rename the path');
      return;
    }
    this.add('--mount', used.join(','), this.at('volumes'), ref);
  }

  private secret(g: FileGrant): void {
    const secret = this.ctx.project.secrets.get(g.source);
    if (!secret) return; // undeclared: reported by the planner (C561)
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
    this.add('--secret', options.join(','), this.at('secrets'));
  }

  private config(g: FileGrant): void {
    const config = this.ctx.project.configs.get(g.source);
    if (!config) return; // undeclared: reported by the planner (C561)
    const src = config.source;
    const hostPath = src.kind === 'file' ? src.path : this.ctx.configPaths.get(g.source);
    if (hostPath === undefined) return; // external (C551), or from an unset variable (C561): reported already
    if (hostPath.includes(':') || g.target.includes(':')) {
      if (hostPath.includes(',') || g.target.includes(',')) {
        this.report(modelCodes.unrepresentableValue, `config \`${g.source}\` of service \`${this.service.name}\` cannot be passed to podman: its path contains both \`:\` and \`,\``, g.pointer);
        return;
      }
      this.add('--mount', `type=bind,source=${hostPath},destination=${g.target},ro=true`, this.at('volumes'));
      return;
    }
    this.add('--volume', `${hostPath}:${g.target}:ro`, this.at('volumes'));
  }

  /** `service[:ro|rw]` or `container:name[:ro|rw]`. */
  private volumesFrom(entry: string): void {
    const m = /^(container:)?(.*?)(?::(ro|rw))?$/.exec(entry)!;
    const name = m[1] ? m[2]! : this.ctx.containerNameOf(m[2]!);
    this.add('--volumes-from', m[3] ? `${name}:${m[3]}` : name, this.service.pointer);
  }

  private devices(): void {
    const s = this.service;
    for (const d of s.devices) {
      if (d.target === undefined && d.permissions === undefined) this.add('--device', d.source, this.at('devices'));
      else this.add('--device', [d.source, d.target ?? d.source, ...(d.permissions !== undefined ? [d.permissions] : [])].join(':'), this.at('devices'));
    }
    (s.deploy?.resources.reservations.devices ?? []).forEach((r) => {
      if (!r.capabilities.includes('gpu') || (r.driver !== undefined && r.driver !== 'nvidia')) return; // C558 from checkSupport
      const ids = r.deviceIds.length > 0 ? r.deviceIds : r.count === undefined || r.count < 0 ? ['all'] : Array.from({ length: r.count }, (_, i) => String(i));
      for (const id of ids) this.add('--device', `nvidia.com/gpu=${id}`, this.at('devices'));
    });
    this.addEach('--device-cgroup-rule', s.deviceCgroupRules, 'device_cgroup_rules');
  }

  private security(): void {
    const s = this.service;
    const flag = (on: boolean | undefined, name: string, key: string) => on === true && this.add(name, undefined, this.at(key));
    const value = (v: string | undefined, name: string, key: string) => v !== undefined && this.add(name, v, this.at(key));
    flag(s.readOnly, '--read-only', 'read_only');
    flag(s.privileged, '--privileged', 'privileged');
    this.addEach('--cap-add', s.capAdd, 'cap_add');
    this.addEach('--cap-drop', s.capDrop, 'cap_drop');
    this.addEach('--security-opt', s.securityOpt, 'security_opt');
    if (!this.ctx.inPod) value(s.userns, '--userns', 'userns_mode');
    value(s.ipc === undefined ? undefined : this.namespaceRef(s.ipc), '--ipc', 'ipc');
    value(s.pid === undefined ? undefined : this.namespaceRef(s.pid), '--pid', 'pid');
    value(s.uts, '--uts', 'uts');
    value(s.cgroup, '--cgroupns', 'cgroup');
    value(s.cgroupParent, '--cgroup-parent', 'cgroup_parent');
    value(s.runtime, '--runtime', 'runtime');
  }

  private resources(): void {
    const s = this.service;
    const limits = s.deploy?.resources.limits;
    const reservations = s.deploy?.resources.reservations;
    const at = (key: string) => this.at(key);
    for (const [k, v] of s.sysctls) this.add('--sysctl', `${k}=${v}`, this.at('sysctls', k));
    for (const [name, u] of s.ulimits) this.add('--ulimit', u.soft === u.hard ? `${name}=${u.soft}` : `${name}=${u.soft}:${u.hard}`, this.at('ulimits', name));
    for (const [k, v] of s.storageOpt) this.add('--storage-opt', `${k}=${v}`, this.at('storage_opt', k));
    if (s.shmSizeBytes !== undefined) this.add('--shm-size', byteSize(s.shmSizeBytes), at('shm_size'));
    // As docker compose: deploy.resources wins over the service-level key (check-support refuses two different values).
    const memory = limits?.memoryBytes ?? s.memLimitBytes;
    if (memory !== undefined) this.add('--memory', byteSize(memory), at(limits?.memoryBytes !== undefined ? 'deploy' : 'mem_limit'));
    const reservation = reservations?.memoryBytes ?? s.memReservationBytes;
    if (reservation !== undefined) this.add('--memory-reservation', byteSize(reservation), at(reservations?.memoryBytes !== undefined ? 'deploy' : 'mem_reservation'));
    if (s.memswapLimitBytes !== undefined) this.add('--memory-swap', s.memswapLimitBytes < 0 ? '-1' : byteSize(s.memswapLimitBytes), at('memswap_limit'));
    if (s.memSwappiness !== undefined) this.add('--memory-swappiness', String(s.memSwappiness), at('mem_swappiness'));
    if (s.oomKillDisable === true) this.add('--oom-kill-disable', undefined, at('oom_kill_disable'));
    if (s.oomScoreAdj !== undefined) this.add('--oom-score-adj', String(s.oomScoreAdj), at('oom_score_adj'));
    const cpus = limits?.cpus ?? s.cpus;
    if (cpus !== undefined) this.add('--cpus', String(cpus), at(limits?.cpus !== undefined ? 'deploy' : 'cpus'));
    if (s.cpuShares !== undefined) this.add('--cpu-shares', String(s.cpuShares), at('cpu_shares'));
    if (s.cpuPeriodUs !== undefined) this.add('--cpu-period', String(s.cpuPeriodUs), at('cpu_period'));
    if (s.cpuQuotaUs !== undefined) this.add('--cpu-quota', String(s.cpuQuotaUs), at('cpu_quota'));
    if (s.cpuRtPeriodUs !== undefined) this.add('--cpu-rt-period', String(s.cpuRtPeriodUs), at('cpu_rt_period'));
    if (s.cpuRtRuntimeUs !== undefined) this.add('--cpu-rt-runtime', String(s.cpuRtRuntimeUs), at('cpu_rt_runtime'));
    if (s.cpuset !== undefined) this.add('--cpuset-cpus', s.cpuset, at('cpuset'));
    const pids = limits?.pids ?? s.pidsLimit;
    if (pids !== undefined) this.add('--pids-limit', String(pids), at(limits?.pids !== undefined ? 'deploy' : 'pids_limit'));
    const b = s.blkioConfig;
    if (b) {
      const bp = this.at('blkio_config');
      if (b.weight !== undefined) this.add('--blkio-weight', String(b.weight), bp);
      for (const d of b.weightDevice) this.add('--blkio-weight-device', `${d.path}:${d.weight}`, bp);
      for (const d of b.deviceReadBps) this.add('--device-read-bps', `${d.path}:${d.rate}`, bp);
      for (const d of b.deviceWriteBps) this.add('--device-write-bps', `${d.path}:${d.rate}`, bp);
      for (const d of b.deviceReadIops) this.add('--device-read-iops', `${d.path}:${d.rate}`, bp);
      for (const d of b.deviceWriteIops) this.add('--device-write-iops', `${d.path}:${d.rate}`, bp);
    }
  }

  private health(): void {
    const hc = this.service.healthcheck;
    if (!hc) return;
    const at = this.at('healthcheck');
    if (hc.disable) {
      this.add('--no-healthcheck', undefined, at);
      return;
    }
    const cmd = hc.test === undefined ? undefined : this.healthCmd(hc);
    if (cmd !== undefined) this.add('--health-cmd', cmd, at);
    // Zero means "the default" in compose; podman would read it as "never" (interval) or refuse it.
    if (hc.intervalMs !== undefined && hc.intervalMs > 0) this.add('--health-interval', goDuration(hc.intervalMs), at);
    if (hc.timeoutMs !== undefined && hc.timeoutMs > 0) this.add('--health-timeout', goDuration(hc.timeoutMs), at);
    if (hc.retries !== undefined && hc.retries > 0) this.add('--health-retries', String(hc.retries), at);
    if (hc.startPeriodMs !== undefined) this.add('--health-start-period', goDuration(hc.startPeriodMs), at);
    // start_interval: podman's startup check, which needs its own command (C553/C558 from checkSupport otherwise).
    if (hc.startIntervalMs !== undefined && hc.startIntervalMs > 0 && cmd !== undefined && this.atLeast(HEALTH_STARTUP_SINCE)) {
      this.add('--health-startup-cmd', cmd, at);
      this.add('--health-startup-interval', goDuration(hc.startIntervalMs), at);
      if (hc.timeoutMs !== undefined && hc.timeoutMs > 0) this.add('--health-startup-timeout', goDuration(hc.timeoutMs), at);
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
    if (s.stopSignal !== undefined) this.add('--stop-signal', s.stopSignal, this.at('stop_signal'));
    if (s.stopGracePeriodMs !== undefined) this.add('--stop-timeout', String(stopTimeoutSeconds(s.stopGracePeriodMs)), this.at('stop_grace_period'));
    if (s.init === true) this.add('--init', undefined, this.at('init'));
    if (s.tty === true) this.add('--tty', undefined, this.at('tty'));
    if (s.stdinOpen === true) this.add('--interactive', undefined, this.at('stdin_open'));
    const driver = s.logging?.driver;
    const driverKnown = driver === undefined || PODMAN_LOG_DRIVERS.includes(driver);
    if (driver !== undefined && driverKnown) this.add('--log-driver', driver, this.at('logging'));
    // Options of a driver podman lacks would only confuse podman's own driver (C558 from checkSupport).
    if (driverKnown) for (const [k, v] of s.logging?.options ?? []) this.add('--log-opt', `${k}=${v}`, this.at('logging'));
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

/** Per project, once: each service's aliases given by the `links:` of the others, in the order the links are written. */
const linkAliasCache = new WeakMap<RunOptionsContext['project'], ReadonlyMap<string, readonly string[]>>();

function linkAliasesOf(project: RunOptionsContext['project']): ReadonlyMap<string, readonly string[]> {
  let byTarget = linkAliasCache.get(project);
  if (byTarget) return byTarget;
  const map = new Map<string, string[]>();
  for (const other of project.services.values()) {
    for (const link of other.links) {
      const [target, alias] = link.split(':');
      if (target === undefined || target === other.name || alias === undefined || alias === '' || alias === target) continue;
      const aliases = map.get(target) ?? map.set(target, []).get(target)!;
      if (!aliases.includes(alias)) aliases.push(alias);
    }
  }
  byTarget = map;
  linkAliasCache.set(project, byTarget);
  return byTarget;
}
