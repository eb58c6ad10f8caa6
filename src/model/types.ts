// Stage 6 output: the canonical, typed compose project (long syntax only, durations in ms, sizes in bytes).
// Target-neutral: nothing here knows about systemd or podman. Built by normalize.ts; no codes of its own.
import type { Origins, Pointer } from '../source/origins.js';

/**
 * A whole project after loading, merging and normalisation.
 * Every map is sorted by key (services, networks, volumes, secrets, configs) so output is deterministic.
 */
export interface ComposeProject {
  readonly name: string;
  /** Absolute project directory; every relative host path below has already been resolved against it. */
  readonly workingDir: string;
  readonly services: ReadonlyMap<string, Service>;
  /**
   * Declared networks, plus the implicit `default` network when a service is attached to it without
   * the file declaring it (as `docker compose config` shows it).
   */
  readonly networks: ReadonlyMap<string, Network>;
  readonly volumes: ReadonlyMap<string, Volume>;
  readonly secrets: ReadonlyMap<string, Secret>;
  readonly configs: ReadonlyMap<string, Config>;
  /** Top-level `x-*` keys. */
  readonly extensions: ReadonlyMap<string, unknown>;
  /** podman-compose's top-level `x-podman:` settings, read so later stages can honour them. */
  readonly podman?: ProjectPodmanExtensions;
  /** The top-level keys the file set (`version`, `models`, ...), so the support check can judge each. */
  readonly keys: ReadonlySet<string>;
  /** JSON pointers of the merged tree -> spans; every `pointer` field below is a key into it. */
  readonly origins: Origins;
}

// ---------------------------------------------------------------------------------------------
// Services

export interface Service {
  readonly name: string;
  /** `/services/<name>` (escaped as a JSON pointer). */
  readonly pointer: Pointer;
  /**
   * The compose keys this service set, as written (`ports`, `deploy`, `x-foo`, ...), after merging.
   * The support check decides each key's fate from this set, including keys this model does not carry.
   */
  readonly keys: ReadonlySet<string>;

  readonly image?: string;
  readonly build?: Build;
  /** As written: `always`, `missing`, `never`, `build`, `refresh`, `daily`, `weekly`, `every_<duration>` ... */
  readonly pullPolicy?: string;
  /** `pull_refresh_after`, as written. */
  readonly pullRefreshAfter?: string;
  readonly platform?: string;
  /** Active only with one of these profiles enabled; empty = always active. */
  readonly profiles: readonly string[];

  /** Already split into argv; `[]` means "explicitly empty" (`command: []` or `""`). */
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly workingDir?: string;
  readonly user?: string;
  readonly groupAdd: readonly string[];

  /**
   * The container environment: `env_file` values in file order, then `environment:` (which wins).
   * A key overridden later keeps its first position. Entries with no value were looked up in the
   * host environment and dropped when unset.
   */
  readonly environment: ReadonlyMap<string, string>;
  /**
   * Where each `environment` value came from. Only a value written in the compose file itself is public there;
   * the others (variables, env files, the host environment) must stay out of units and command lines.
   */
  readonly environmentSources: ReadonlyMap<string, ValueSource>;
  /** The env files that fed `environment` (kept so later stages can show or watch them). */
  readonly envFiles: readonly EnvFileRef[];
  /** Container labels: the `label_file` values in file order, then `labels:` (which wins), as for the environment. */
  readonly labels: ReadonlyMap<string, string>;
  /** The label files that fed `labels` (absolute paths; each must exist, as in compose). */
  readonly labelFiles: readonly LabelFileRef[];
  readonly annotations: ReadonlyMap<string, string>;

  readonly ports: readonly Port[];
  /** `expose:` entries as written, e.g. `"3000"`, `"8000-8010/udp"`. */
  readonly expose: readonly string[];
  /**
   * Attached networks sorted by name. A service that sets neither `networks` nor `network_mode` is
   * attached to `default` (pointer: the service's own pointer).
   */
  readonly networks: readonly ServiceNetwork[];
  /** `network_mode` as written: `host`, `none`, `bridge`, `service:<name>`, `container:<name>`, ... */
  readonly networkMode?: string;
  readonly hostname?: string;
  readonly domainname?: string;
  readonly macAddress?: string;
  readonly dns: readonly string[];
  readonly dnsSearch: readonly string[];
  readonly dnsOpt: readonly string[];
  readonly extraHosts: readonly ExtraHost[];
  readonly links: readonly string[];
  readonly externalLinks: readonly string[];

  readonly volumes: readonly Mount[];
  /** Service-level `tmpfs:` entries (as opposed to `volumes:` entries of type tmpfs). */
  readonly tmpfs: readonly TmpfsEntry[];
  readonly volumesFrom: readonly string[];
  readonly secrets: readonly FileGrant[];
  readonly configs: readonly FileGrant[];
  readonly devices: readonly Device[];
  readonly deviceCgroupRules: readonly string[];

  readonly dependsOn: readonly Dependency[];
  readonly healthcheck?: Healthcheck;
  readonly restart?: RestartPolicy;
  readonly deploy?: Deploy;
  readonly scale?: number;
  /** `pre_start` (compose 5.3): init steps, each its own short-lived container, in order, before the container starts. */
  readonly preStart: readonly PreStartStep[];
  /** Commands run inside the running container after it started. */
  readonly postStart: readonly LifecycleHook[];
  /** Commands run inside the running container before it is stopped. */
  readonly preStop: readonly LifecycleHook[];
  /** `use_api_socket`: docker compose mounts the engine's API socket (and registry credentials) into the container. */
  readonly useApiSocket?: boolean;
  /** `develop:` (the `compose watch` loop); kept so later stages can say exactly what is dropped. */
  readonly develop?: Develop;

  readonly containerName?: string;
  readonly stopSignal?: string;
  readonly stopGracePeriodMs?: number;
  readonly init?: boolean;
  readonly readOnly?: boolean;
  readonly privileged?: boolean;
  readonly tty?: boolean;
  readonly stdinOpen?: boolean;

  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly securityOpt: readonly string[];
  readonly userns?: string;
  readonly ipc?: string;
  readonly pid?: string;
  readonly uts?: string;
  readonly cgroup?: 'host' | 'private';
  readonly cgroupParent?: string;
  readonly runtime?: string;
  readonly sysctls: ReadonlyMap<string, string>;
  readonly ulimits: ReadonlyMap<string, Ulimit>;
  readonly storageOpt: ReadonlyMap<string, string>;

  readonly shmSizeBytes?: number;
  readonly memLimitBytes?: number;
  readonly memReservationBytes?: number;
  /** `memswap_limit`; -1 means unlimited swap. */
  readonly memswapLimitBytes?: number;
  readonly memSwappiness?: number;
  readonly oomKillDisable?: boolean;
  readonly oomScoreAdj?: number;
  /** Number of CPUs, fractional allowed (`cpus: 0.5`). */
  readonly cpus?: number;
  readonly cpuShares?: number;
  /** `cpu_quota` / `cpu_period` in microseconds, as the kernel's CFS takes them. */
  readonly cpuQuotaUs?: number;
  readonly cpuPeriodUs?: number;
  readonly cpuRtRuntimeUs?: number;
  readonly cpuRtPeriodUs?: number;
  readonly cpuset?: string;
  /** `-1` means unlimited. */
  readonly pidsLimit?: number;
  readonly blkioConfig?: BlkioConfig;

  readonly logging?: Logging;
  /** Service-level `x-*` keys. */
  readonly extensions: ReadonlyMap<string, unknown>;
  /** podman-compose's service extensions (`x-podman.uidmaps`, ...), read so later stages can map them. */
  readonly podman?: ServicePodmanExtensions;
  /** `x-systemd:`: directives the user adds to the service's unit. */
  readonly systemd?: SystemdExtension;
}

/** A service's `x-systemd:` extension, as written: sections in file order, each with its directives. */
export interface SystemdExtension {
  readonly pointer: Pointer;
  readonly sections: readonly { readonly name: string; readonly pointer: Pointer; readonly directives: readonly SystemdDirective[] }[];
}

export interface SystemdDirective {
  readonly key: string;
  /** One value, or each item of a list. */
  readonly values: readonly string[];
  /** Written as a YAML list. */
  readonly list: boolean;
  readonly pointer: Pointer;
}

export interface Build {
  readonly pointer: Pointer;
  /** Absolute directory, or a remote context (git URL, `http(s)://...`) as written. */
  readonly context: string;
  /** As written, relative to `context` (or absolute). */
  readonly dockerfile?: string;
  readonly dockerfileInline?: string;
  /** Build args; an entry with no value was looked up in the host environment and dropped when unset. */
  readonly args: ReadonlyMap<string, string>;
  readonly target?: string;
  readonly labels: ReadonlyMap<string, string>;
  readonly tags: readonly string[];
  readonly platforms: readonly string[];
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
  readonly network?: string;
  readonly shmSizeBytes?: number;
  readonly extraHosts: readonly ExtraHost[];
  readonly additionalContexts: ReadonlyMap<string, string>;
  readonly secrets: readonly FileGrant[];
  readonly noCache?: boolean;
  readonly pull?: boolean;
  readonly privileged?: boolean;
  /** The keys `build:` set in long form (just `context` for the short form). */
  readonly keys: ReadonlySet<string>;
}

export interface LabelFileRef {
  readonly pointer: Pointer;
  /** Absolute path. */
  readonly path: string;
}

/** Where a value came from, for the ones that may not be written where anyone can read them. */
export type ValueSource =
  /** Written in the compose file. */
  | { readonly kind: 'literal' }
  /** Interpolated from these variables (`.env`, `--env-file` or the OS environment). */
  | { readonly kind: 'variables'; readonly names: readonly string[] }
  /** Read from an env file. */
  | { readonly kind: 'env_file'; readonly path: string }
  /** A name without a value, taken from the OS environment. */
  | { readonly kind: 'host' };

/** Whether a value is public in the compose file (and so may be written into a unit). */
export function isLiteral(source: ValueSource | undefined): boolean {
  return source === undefined || source.kind === 'literal';
}

export interface EnvFileRef {
  readonly pointer: Pointer;
  /** Absolute path. */
  readonly path: string;
  readonly required: boolean;
  /** `format:` of the long form (e.g. `raw`); undefined = the usual dotenv syntax. */
  readonly format?: string;
}

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** One `ports:` entry in long form. */
export interface Port {
  readonly pointer: Pointer;
  readonly target: number;
  /** Last port of a container range (`8000-8010`), when the entry is a range. */
  readonly targetEnd?: number;
  /**
   * Host port as written: `"8080"`, a range `"8000-8010"`, or undefined for "any free port".
   * A string because a range is one value.
   */
  readonly published?: string;
  /** Host address without brackets (`::1`, not `[::1]`); undefined = all addresses. */
  readonly hostIp?: string;
  readonly protocol: Protocol;
  /** `host` or `ingress` (long form only). */
  readonly mode?: string;
  readonly name?: string;
  readonly appProtocol?: string;
}

export type MountType = 'bind' | 'volume' | 'tmpfs' | 'image' | 'npipe' | 'cluster';

/** One `volumes:` entry of a service, in long form. */
export interface Mount {
  readonly pointer: Pointer;
  readonly type: MountType;
  /**
   * bind: absolute host path (relative paths resolved against the project directory, `~` against
   * the home directory). volume: the key of a top-level volume (look up `project.volumes` for its
   * real name), or undefined for an anonymous volume. image: the image reference.
   */
  readonly source?: string;
  /** Absolute path in the container. */
  readonly target: string;
  readonly readOnly: boolean;
  readonly consistency?: string;
  readonly bind?: {
    readonly propagation?: string;
    readonly selinux?: 'z' | 'Z';
    /** Long form `create_host_path`; the short form always creates a missing host path (true). */
    readonly createHostPath?: boolean;
    readonly recursive?: string;
  };
  readonly volume?: {
    readonly nocopy?: boolean;
    readonly subpath?: string;
  };
  readonly tmpfs?: {
    readonly sizeBytes?: number;
    /** File mode as a number (`0o1777`). */
    readonly mode?: number;
  };
  readonly image?: {
    readonly subpath?: string;
  };
}

/** A service-level `tmpfs:` entry: `/run` or `/run:rw,size=64m,mode=1777`. */
export interface TmpfsEntry {
  readonly pointer: Pointer;
  readonly target: string;
  /** The mount options after the first `:`, as written; undefined when there are none. */
  readonly options?: string;
}

export interface ServiceNetwork {
  readonly pointer: Pointer;
  /** The key of a top-level network (look up `project.networks` for its real name). */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  readonly linkLocalIps: readonly string[];
  /** `mac_address`, or podman-compose's `x-podman.mac_address` when that is unset. */
  readonly macAddress?: string;
  readonly driverOpts: ReadonlyMap<string, string>;
  readonly priority?: number;
  readonly gwPriority?: number;
  /** `interface_name`, or podman-compose's `x-podman.interface_name` when that is unset. */
  readonly interfaceName?: string;
}

export interface ExtraHost {
  readonly host: string;
  /** Without brackets for IPv6, or the special value `host-gateway`. */
  readonly ip: string;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  readonly pointer: Pointer;
  readonly service: string;
  readonly condition: DependencyCondition;
  /** false: the dependency may be missing (inactive profile) without an error. */
  readonly required: boolean;
  /** true: restart this service when the dependency is restarted by compose. */
  readonly restart: boolean;
}

/** A healthcheck command: an argv run directly, or a string run by the container's `/bin/sh -c`. */
export type HealthTest =
  | { readonly kind: 'exec'; readonly argv: readonly string[] }
  | { readonly kind: 'shell'; readonly command: string };

export interface Healthcheck {
  readonly pointer: Pointer;
  /** Undefined: inherit the image's test (or none when disabled). */
  readonly test?: HealthTest;
  /** `disable: true` or `test: ["NONE"]`: any healthcheck of the image is turned off. */
  readonly disable: boolean;
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly startPeriodMs?: number;
  readonly startIntervalMs?: number;
}

export interface RestartPolicy {
  readonly pointer: Pointer;
  readonly policy: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  /** `on-failure:N`. */
  readonly maxRetries?: number;
}

export interface Deploy {
  readonly pointer: Pointer;
  /** The keys `deploy:` set (`resources`, `placement`, ...), so the support check can judge each. */
  readonly keys: ReadonlySet<string>;
  readonly mode?: string;
  readonly replicas?: number;
  readonly labels: ReadonlyMap<string, string>;
  readonly resources: {
    readonly limits: { readonly cpus?: number; readonly memoryBytes?: number; readonly pids?: number };
    readonly reservations: { readonly cpus?: number; readonly memoryBytes?: number; readonly devices: readonly DeviceRequest[] };
  };
  readonly restartPolicy?: {
    readonly condition?: 'none' | 'on-failure' | 'any';
    readonly delayMs?: number;
    readonly maxAttempts?: number;
    readonly windowMs?: number;
  };
}

/** `deploy.resources.reservations.devices` entry (GPUs and the like). */
export interface DeviceRequest {
  readonly capabilities: readonly string[];
  readonly driver?: string;
  /** `count: all` is -1. */
  readonly count?: number;
  readonly deviceIds: readonly string[];
  readonly options: ReadonlyMap<string, string>;
}

/** A `devices:` entry: `/dev/sda:/dev/xvda:rwm`, a CDI name (`vendor.com/class=name`), or long form. */
export interface Device {
  readonly pointer: Pointer;
  readonly source: string;
  /** Undefined: same path as `source` (or a CDI device). */
  readonly target?: string;
  readonly permissions?: string;
}

/** A secret or config granted to a service. */
export interface FileGrant {
  readonly pointer: Pointer;
  /** The key of the top-level secret/config. */
  readonly source: string;
  /** Absolute path in the container: secrets default to `/run/secrets/<source>`, configs to `/<source>`. */
  readonly target: string;
  readonly uid?: string;
  readonly gid?: string;
  /** File mode as a number (`0o440`). */
  readonly mode?: number;
}

export interface Ulimit {
  readonly soft: number;
  readonly hard: number;
}

export interface LifecycleHook {
  readonly pointer: Pointer;
  readonly command: readonly string[];
  readonly user?: string;
  readonly privileged?: boolean;
  readonly workingDir?: string;
  readonly environment: ReadonlyMap<string, string>;
  /** Where each environment value came from: only literal ones may be written into a unit (as for the service). */
  readonly environmentSources: ReadonlyMap<string, ValueSource>;
}

/** A `pre_start` step: the hook's fields, plus the container it runs in. */
export interface PreStartStep extends LifecycleHook {
  /** The step's image; undefined: the service's image. */
  readonly image?: string;
  /** true: once for each replica, before that replica starts; false (the default): once for the service. */
  readonly perReplica: boolean;
}

export interface Develop {
  readonly pointer: Pointer;
  readonly watch: readonly WatchRule[];
}

/** One `develop.watch` rule. */
export interface WatchRule {
  readonly pointer: Pointer;
  /** Absolute host path that is watched. */
  readonly path: string;
  /** `rebuild`, `sync`, `restart`, `sync+restart` or `sync+exec`. */
  readonly action: string;
  /** Container path that `sync` actions copy into. */
  readonly target?: string;
  readonly ignore: readonly string[];
  readonly include: readonly string[];
  /** `initial_sync`: copy the path into the container before watching starts. */
  readonly initialSync?: boolean;
  /** The command of `sync+exec`. */
  readonly exec?: LifecycleHook;
}

export interface Logging {
  readonly driver?: string;
  readonly options: ReadonlyMap<string, string>;
}

export interface BlkioConfig {
  readonly weight?: number;
  readonly weightDevice: readonly { readonly path: string; readonly weight: number }[];
  /** Rates in bytes per second. */
  readonly deviceReadBps: readonly { readonly path: string; readonly rate: number }[];
  readonly deviceWriteBps: readonly { readonly path: string; readonly rate: number }[];
  /** Rates in operations per second. */
  readonly deviceReadIops: readonly { readonly path: string; readonly rate: number }[];
  readonly deviceWriteIops: readonly { readonly path: string; readonly rate: number }[];
}

// ---------------------------------------------------------------------------------------------
// Top-level resources

export interface Network {
  readonly pointer: Pointer;
  /** The key under `networks:`. */
  readonly key: string;
  /** The real name: `name:`, else `<key>` when external, else `<project>_<key>`. */
  readonly name: string;
  readonly external: boolean;
  readonly driver?: string;
  readonly driverOpts: ReadonlyMap<string, string>;
  readonly ipam?: Ipam;
  readonly internal: boolean;
  readonly enableIpv4?: boolean;
  readonly enableIpv6?: boolean;
  readonly attachable: boolean;
  readonly labels: ReadonlyMap<string, string>;
  /** podman-compose's network extensions (`x-podman.dns`, ...). */
  readonly podman?: NetworkPodmanExtensions;
  /** The keys the declaration set (empty for the implicit `default` network). */
  /** `x-*` keys of the declaration. */
  readonly extensions: ReadonlyMap<string, unknown>;
  readonly keys: ReadonlySet<string>;
}

export interface Ipam {
  readonly driver?: string;
  readonly config: readonly {
    readonly subnet?: string;
    readonly ipRange?: string;
    readonly gateway?: string;
    readonly auxAddresses: ReadonlyMap<string, string>;
  }[];
  readonly options: ReadonlyMap<string, string>;
}

export interface Volume {
  readonly pointer: Pointer;
  readonly key: string;
  /** The real name: `name:`, else `<key>` when external, else `<project>_<key>`. */
  readonly name: string;
  readonly external: boolean;
  readonly driver?: string;
  readonly driverOpts: ReadonlyMap<string, string>;
  readonly labels: ReadonlyMap<string, string>;
  /** `x-*` keys of the declaration. */
  readonly extensions: ReadonlyMap<string, unknown>;
  readonly keys: ReadonlySet<string>;
}

/** Where a secret's or config's content comes from. */
export type FileSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'environment'; readonly variable: string; readonly value?: string }
  | { readonly kind: 'content'; readonly content: string }
  | { readonly kind: 'external'; readonly name: string };

export interface Secret {
  readonly pointer: Pointer;
  readonly key: string;
  /** The real name: `name:`, else `<key>` when external, else `<project>_<key>`. */
  readonly name: string;
  readonly source: FileSource;
  readonly labels: ReadonlyMap<string, string>;
  /** podman-compose's `x-podman.relabel` (secrets only). */
  readonly podman?: SecretPodmanExtensions;
  /** `x-*` keys of the declaration. */
  readonly extensions: ReadonlyMap<string, unknown>;
  readonly keys: ReadonlySet<string>;
}

export interface Config {
  readonly pointer: Pointer;
  readonly key: string;
  readonly name: string;
  readonly source: FileSource;
  readonly labels: ReadonlyMap<string, string>;
  /** `x-*` keys of the declaration. */
  readonly extensions: ReadonlyMap<string, unknown>;
  readonly keys: ReadonlySet<string>;
}

// ---------------------------------------------------------------------------------------------
// podman-compose's extensions (`x-podman`)

/**
 * Where each podman-compose extension of one object was set, by its name (`uidmaps`): podman-compose's dotted
 * key (`/services/web/x-podman.uidmaps`) or a key of an `x-podman:` mapping (`/services/web/x-podman/uidmaps`).
 */
export type PodmanExtensionPointers = ReadonlyMap<string, Pointer>;

/** The top-level `x-podman:` mapping of podman-compose. */
export interface ProjectPodmanExtensions {
  readonly pointers: PodmanExtensionPointers;
  /** Run the containers in one pod (podman-compose's default is true). */
  readonly inPod?: boolean;
  /** Arguments of `podman pod create`, as written. */
  readonly podArgs?: readonly string[];
  /** The four settings that make podman-compose name and network things as docker compose does. */
  readonly dockerComposeCompat?: boolean;
  readonly nameSeparatorCompat?: boolean;
  readonly defaultNetNameCompat?: boolean;
  readonly defaultNetBehaviorCompat?: boolean;
}

export interface ServicePodmanExtensions {
  readonly pointers: PodmanExtensionPointers;
  /** `--uidmap` values, e.g. `0:1000:1`. */
  readonly uidmaps: readonly string[];
  /** `--gidmap` values. */
  readonly gidmaps: readonly string[];
  /** A root file system to run instead of an image (`--rootfs`). */
  readonly rootfs?: string;
  /** No /etc/hosts of podman's making (`--no-hosts`). */
  readonly noHosts?: boolean;
  /** Whether podman adds the user to /etc/passwd (`--passwd`). */
  readonly passwd?: boolean;
}

export interface NetworkPodmanExtensions {
  readonly pointers: PodmanExtensionPointers;
  /** `podman network create --disable-dns`. */
  readonly disableDns?: boolean;
  /** `podman network create --dns`. */
  readonly dns: readonly string[];
  /** `podman network create --route`. */
  readonly routes: readonly string[];
}

export interface SecretPodmanExtensions {
  readonly pointers: PodmanExtensionPointers;
  /** SELinux relabeling of a file secret podman-compose bind-mounts: `z` or `Z`. */
  readonly relabel?: string;
}
