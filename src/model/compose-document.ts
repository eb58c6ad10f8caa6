// ComposeProject -> a plain compose document in long syntax, as `docker compose config` prints it.
// Keys sorted where compose sorts them; durations and sizes printed back in compose notation; every `$` of a
// value written as `$$`, so that loading the document again reads the same project (as docker compose does).
import { formatDuration } from './parse-duration.js';
import type { BlkioConfig, Build, ComposeProject, Develop, FileGrant, FileSource, Healthcheck, LifecycleHook, Mount, Network, Port, PreStartStep, Service, ServiceNetwork, Volume } from './types.js';

type Doc = Record<string, unknown>;

const mapObject = (m: ReadonlyMap<string, unknown>): Doc | undefined => (m.size === 0 ? undefined : Object.fromEntries(m));
const list = <T>(xs: readonly T[]): T[] | undefined => (xs.length === 0 ? undefined : [...xs]);

function clean(doc: Doc): Doc {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

function port(p: Port): Doc {
  return clean({
    name: p.name,
    mode: p.mode ?? 'ingress',
    host_ip: p.hostIp,
    target: p.targetEnd !== undefined ? `${p.target}-${p.targetEnd}` : p.target,
    published: p.published,
    protocol: p.protocol,
    app_protocol: p.appProtocol,
  });
}

function mount(m: Mount): Doc {
  return clean({
    type: m.type,
    source: m.source,
    target: m.target,
    read_only: m.readOnly || undefined,
    consistency: m.consistency,
    bind: m.bind ? clean({ propagation: m.bind.propagation, selinux: m.bind.selinux, create_host_path: m.bind.createHostPath, recursive: m.bind.recursive }) : undefined,
    volume: m.volume ? clean({ nocopy: m.volume.nocopy, subpath: m.volume.subpath }) : undefined,
    tmpfs: m.tmpfs ? clean({ size: m.tmpfs.sizeBytes, mode: m.tmpfs.mode }) : undefined,
    image: m.image ? clean({ subpath: m.image.subpath }) : undefined,
  });
}

function healthcheck(h: Healthcheck): Doc {
  const test = h.test === undefined ? undefined : h.test.kind === 'exec' ? ['CMD', ...h.test.argv] : ['CMD-SHELL', h.test.command];
  return clean({
    test: h.disable ? ['NONE'] : test,
    interval: h.intervalMs !== undefined ? formatDuration(h.intervalMs) : undefined,
    timeout: h.timeoutMs !== undefined ? formatDuration(h.timeoutMs) : undefined,
    retries: h.retries,
    start_period: h.startPeriodMs !== undefined ? formatDuration(h.startPeriodMs) : undefined,
    start_interval: h.startIntervalMs !== undefined ? formatDuration(h.startIntervalMs) : undefined,
    disable: h.disable || undefined,
  });
}

function grant(g: FileGrant): Doc {
  return clean({ source: g.source, target: g.target, uid: g.uid, gid: g.gid, mode: g.mode });
}

function serviceNetwork(n: ServiceNetwork): Doc | null {
  const doc = clean({
    aliases: list(n.aliases),
    interface_name: n.interfaceName,
    ipv4_address: n.ipv4Address,
    ipv6_address: n.ipv6Address,
    link_local_ips: list(n.linkLocalIps),
    mac_address: n.macAddress,
    driver_opts: mapObject(n.driverOpts),
    priority: n.priority,
    gw_priority: n.gwPriority,
  });
  return Object.keys(doc).length ? doc : null;
}

function build(b: Build): Doc {
  return clean({
    context: b.context,
    // Unset stays unset: podman build looks for a Containerfile before a Dockerfile, so writing the
    // default out would change what a second load builds.
    dockerfile: b.dockerfile,
    dockerfile_inline: b.dockerfileInline,
    args: mapObject(b.args),
    target: b.target,
    labels: mapObject(b.labels),
    tags: list(b.tags),
    platforms: list(b.platforms),
    cache_from: list(b.cacheFrom),
    cache_to: list(b.cacheTo),
    network: b.network,
    shm_size: b.shmSizeBytes,
    extra_hosts: b.extraHosts.length ? b.extraHosts.map((h) => `${h.host}=${h.ip}`) : undefined,
    additional_contexts: mapObject(b.additionalContexts),
    secrets: b.secrets.length ? b.secrets.map(grant) : undefined,
    no_cache: b.noCache,
    pull: b.pull,
    privileged: b.privileged,
  });
}

function hook(h: LifecycleHook): Doc {
  return clean({ command: [...h.command], user: h.user, privileged: h.privileged, working_dir: h.workingDir, environment: mapObject(h.environment) });
}

function preStartStep(h: PreStartStep): Doc {
  return clean({ image: h.image, ...hook(h), per_replica: h.perReplica || undefined });
}

function develop(d: Develop): Doc {
  return clean({
    watch: d.watch.length
      ? d.watch.map((w) =>
          clean({ path: w.path, action: w.action, target: w.target, ignore: list(w.ignore), include: list(w.include), initial_sync: w.initialSync, exec: w.exec ? hook(w.exec) : undefined }),
        )
      : undefined,
  });
}

function blkio(b: BlkioConfig): Doc {
  const rates = (xs: readonly { path: string; rate: number }[]) => (xs.length ? xs.map((x) => ({ path: x.path, rate: x.rate })) : undefined);
  return clean({
    weight: b.weight,
    weight_device: b.weightDevice.length ? b.weightDevice.map((w) => ({ path: w.path, weight: w.weight })) : undefined,
    device_read_bps: rates(b.deviceReadBps),
    device_read_iops: rates(b.deviceReadIops),
    device_write_bps: rates(b.deviceWriteBps),
    device_write_iops: rates(b.deviceWriteIops),
  });
}

/** The schema types `deploy.resources.*.memory` as a string; compose prints the bytes as one. */
const bytesText = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

function deploy(d: NonNullable<Service['deploy']>): Doc {
  const { limits, reservations } = d.resources;
  const limitsDoc = clean({ cpus: limits.cpus, memory: bytesText(limits.memoryBytes), pids: limits.pids });
  const reservationsDoc = clean({
    cpus: reservations.cpus,
    memory: bytesText(reservations.memoryBytes),
    devices: reservations.devices.length
      ? reservations.devices.map((r) =>
          clean({ capabilities: [...r.capabilities], driver: r.driver, count: r.count === -1 ? 'all' : r.count, device_ids: list(r.deviceIds), options: mapObject(r.options) }),
        )
      : undefined,
  });
  const resources = clean({ limits: Object.keys(limitsDoc).length ? limitsDoc : undefined, reservations: Object.keys(reservationsDoc).length ? reservationsDoc : undefined });
  const rp = d.restartPolicy;
  return clean({
    mode: d.mode,
    replicas: d.replicas,
    labels: mapObject(d.labels),
    resources: Object.keys(resources).length ? resources : undefined,
    restart_policy: rp
      ? clean({
          condition: rp.condition,
          delay: rp.delayMs !== undefined ? formatDuration(rp.delayMs) : undefined,
          max_attempts: rp.maxAttempts,
          window: rp.windowMs !== undefined ? formatDuration(rp.windowMs) : undefined,
        })
      : undefined,
  });
}

function service(s: Service): Doc {
  const networks = s.networks.length ? Object.fromEntries(s.networks.map((n) => [n.name, serviceNetwork(n)])) : undefined;
  const dependsOn = s.dependsOn.length
    ? Object.fromEntries(s.dependsOn.map((d) => [d.service, { condition: d.condition, required: d.required, restart: d.restart }]))
    : undefined;
  return clean({
    profiles: list(s.profiles),
    image: s.image,
    build: s.build ? build(s.build) : undefined,
    pull_policy: s.pullPolicy,
    pull_refresh_after: s.pullRefreshAfter,
    platform: s.platform,
    container_name: s.containerName,
    hostname: s.hostname,
    domainname: s.domainname,
    entrypoint: s.entrypoint ? [...s.entrypoint] : undefined,
    command: s.command ? [...s.command] : undefined,
    working_dir: s.workingDir,
    user: s.user,
    group_add: list(s.groupAdd),
    environment: mapObject(s.environment),
    labels: mapObject(s.labels),
    annotations: mapObject(s.annotations),
    depends_on: dependsOn,
    healthcheck: s.healthcheck ? healthcheck(s.healthcheck) : undefined,
    restart: s.restart ? (s.restart.maxRetries !== undefined ? `${s.restart.policy}:${s.restart.maxRetries}` : s.restart.policy) : undefined,
    ports: s.ports.length ? s.ports.map(port) : undefined,
    expose: list(s.expose),
    network_mode: s.networkMode,
    networks,
    mac_address: s.macAddress,
    dns: list(s.dns),
    dns_search: list(s.dnsSearch),
    dns_opt: list(s.dnsOpt),
    extra_hosts: s.extraHosts.length ? s.extraHosts.map((h) => `${h.host}=${h.ip}`) : undefined,
    links: list(s.links),
    external_links: list(s.externalLinks),
    volumes: s.volumes.length ? s.volumes.map(mount) : undefined,
    volumes_from: list(s.volumesFrom),
    tmpfs: s.tmpfs.length ? s.tmpfs.map((t) => (t.options ? `${t.target}:${t.options}` : t.target)) : undefined,
    secrets: s.secrets.length ? s.secrets.map(grant) : undefined,
    configs: s.configs.length ? s.configs.map(grant) : undefined,
    devices: s.devices.length ? s.devices.map((d) => clean({ source: d.source, target: d.target, permissions: d.permissions })) : undefined,
    device_cgroup_rules: list(s.deviceCgroupRules),
    stop_signal: s.stopSignal,
    stop_grace_period: s.stopGracePeriodMs !== undefined ? formatDuration(s.stopGracePeriodMs) : undefined,
    init: s.init,
    read_only: s.readOnly,
    privileged: s.privileged,
    tty: s.tty,
    stdin_open: s.stdinOpen,
    cap_add: list(s.capAdd),
    cap_drop: list(s.capDrop),
    security_opt: list(s.securityOpt),
    userns_mode: s.userns,
    ipc: s.ipc,
    pid: s.pid,
    uts: s.uts,
    cgroup: s.cgroup,
    cgroup_parent: s.cgroupParent,
    runtime: s.runtime,
    sysctls: mapObject(s.sysctls),
    ulimits: s.ulimits.size ? Object.fromEntries([...s.ulimits].map(([k, u]) => [k, u.soft === u.hard ? u.soft : { soft: u.soft, hard: u.hard }])) : undefined,
    storage_opt: mapObject(s.storageOpt),
    shm_size: s.shmSizeBytes,
    mem_limit: s.memLimitBytes,
    mem_reservation: s.memReservationBytes,
    memswap_limit: s.memswapLimitBytes,
    mem_swappiness: s.memSwappiness,
    cpus: s.cpus,
    cpu_shares: s.cpuShares,
    cpu_quota: s.cpuQuotaUs,
    cpu_period: s.cpuPeriodUs,
    cpu_rt_runtime: s.cpuRtRuntimeUs,
    cpu_rt_period: s.cpuRtPeriodUs,
    cpuset: s.cpuset,
    pids_limit: s.pidsLimit,
    oom_kill_disable: s.oomKillDisable,
    oom_score_adj: s.oomScoreAdj,
    blkio_config: s.blkioConfig ? blkio(s.blkioConfig) : undefined,
    scale: s.scale,
    deploy: s.deploy ? deploy(s.deploy) : undefined,
    logging: s.logging ? clean({ driver: s.logging.driver, options: mapObject(s.logging.options) }) : undefined,
    pre_start: s.preStart.length ? s.preStart.map(preStartStep) : undefined,
    post_start: s.postStart.length ? s.postStart.map(hook) : undefined,
    pre_stop: s.preStop.length ? s.preStop.map(hook) : undefined,
    use_api_socket: s.useApiSocket,
    develop: s.develop ? develop(s.develop) : undefined,
    ...Object.fromEntries(s.extensions),
  });
}

function fileSource(s: FileSource): Doc {
  switch (s.kind) {
    case 'file':
      return { file: s.path };
    case 'environment':
      return { environment: s.variable };
    case 'content':
      return { content: s.content };
    case 'external':
      return { external: true };
  }
}

function network(n: Network): Doc {
  return clean({
    name: n.name,
    external: n.external || undefined,
    driver: n.driver,
    driver_opts: mapObject(n.driverOpts),
    ipam: n.ipam
      ? clean({
          driver: n.ipam.driver,
          config: n.ipam.config.length ? n.ipam.config.map((c) => clean({ subnet: c.subnet, ip_range: c.ipRange, gateway: c.gateway, aux_addresses: mapObject(c.auxAddresses) })) : undefined,
          options: mapObject(n.ipam.options),
        })
      : undefined,
    internal: n.internal || undefined,
    enable_ipv4: n.enableIpv4,
    enable_ipv6: n.enableIpv6,
    attachable: n.attachable || undefined,
    labels: mapObject(n.labels),
    ...Object.fromEntries(n.extensions),
  });
}

function volume(v: Volume): Doc {
  return clean({ name: v.name, external: v.external || undefined, driver: v.driver, driver_opts: mapObject(v.driverOpts), labels: mapObject(v.labels), ...Object.fromEntries(v.extensions) });
}

/**
 * `$` -> `$$` in every string value, so that loading the document again (which interpolates values) reads the
 * literal the project holds. Keys stay as they are: compose interpolates values only.
 */
export function escapeInterpolation(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$');
  if (Array.isArray(value)) return value.map(escapeInterpolation);
  if (value !== null && typeof value === 'object') {
    const out: Doc = {};
    // defineProperty, so that a key named `__proto__` stays an ordinary key
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: escapeInterpolation(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

export function composeDocument(project: ComposeProject): Doc {
  return escapeInterpolation(resolvedDocument(project)) as Doc;
}

/** The document with values as the project holds them (no `$` escaping). */
function resolvedDocument(project: ComposeProject): Doc {
  const group = <T>(m: ReadonlyMap<string, T>, f: (x: T) => Doc) => (m.size === 0 ? undefined : Object.fromEntries([...m].map(([k, v]) => [k, f(v)])));
  return clean({
    name: project.name,
    services: group(project.services, service),
    networks: group(project.networks, network),
    volumes: group(project.volumes, volume),
    secrets: group(project.secrets, (s) => clean({ name: s.name, ...fileSource(s.source), labels: mapObject(s.labels), ...Object.fromEntries(s.extensions) })),
    configs: group(project.configs, (c) => clean({ name: c.name, ...fileSource(c.source), labels: mapObject(c.labels), ...Object.fromEntries(c.extensions) })),
    ...Object.fromEntries(project.extensions),
  });
}
