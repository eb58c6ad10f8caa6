// ComposeProject -> a plain compose document in long syntax, as `docker compose config` prints it.
// Keys sorted where compose sorts them; durations and sizes printed back in compose notation.
import { formatDuration } from './parse-duration.js';
import type { ComposeProject, FileGrant, FileSource, Healthcheck, Mount, Network, Port, Service, Volume } from './types.js';

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

function service(s: Service): Doc {
  const networks = s.networks.length
    ? Object.fromEntries(
        s.networks.map((n) => [
          n.name,
          Object.keys(clean({ aliases: list(n.aliases), ipv4_address: n.ipv4Address, ipv6_address: n.ipv6Address, mac_address: n.macAddress, priority: n.priority })).length
            ? clean({ aliases: list(n.aliases), ipv4_address: n.ipv4Address, ipv6_address: n.ipv6Address, mac_address: n.macAddress, priority: n.priority })
            : null,
        ]),
      )
    : undefined;
  const dependsOn = s.dependsOn.length
    ? Object.fromEntries(s.dependsOn.map((d) => [d.service, { condition: d.condition, required: d.required, restart: d.restart }]))
    : undefined;
  return clean({
    profiles: list(s.profiles),
    image: s.image,
    build: s.build
      ? clean({
          context: s.build.context,
          dockerfile: s.build.dockerfile ?? (s.build.dockerfileInline === undefined ? 'Dockerfile' : undefined),
          dockerfile_inline: s.build.dockerfileInline,
          args: mapObject(s.build.args),
          target: s.build.target,
          labels: mapObject(s.build.labels),
          tags: list(s.build.tags),
          network: s.build.network,
        })
      : undefined,
    pull_policy: s.pullPolicy,
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
    dns: list(s.dns),
    dns_search: list(s.dnsSearch),
    dns_opt: list(s.dnsOpt),
    extra_hosts: s.extraHosts.length ? s.extraHosts.map((h) => `${h.host}=${h.ip}`) : undefined,
    volumes: s.volumes.length ? s.volumes.map(mount) : undefined,
    volumes_from: list(s.volumesFrom),
    tmpfs: s.tmpfs.length ? s.tmpfs.map((t) => (t.options ? `${t.target}:${t.options}` : t.target)) : undefined,
    secrets: s.secrets.length ? s.secrets.map(grant) : undefined,
    configs: s.configs.length ? s.configs.map(grant) : undefined,
    devices: s.devices.length ? s.devices.map((d) => clean({ source: d.source, target: d.target, permissions: d.permissions })) : undefined,
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
    sysctls: mapObject(s.sysctls),
    ulimits: s.ulimits.size ? Object.fromEntries([...s.ulimits].map(([k, u]) => [k, u.soft === u.hard ? u.soft : { soft: u.soft, hard: u.hard }])) : undefined,
    shm_size: s.shmSizeBytes,
    mem_limit: s.memLimitBytes,
    mem_reservation: s.memReservationBytes,
    memswap_limit: s.memswapLimitBytes,
    mem_swappiness: s.memSwappiness,
    cpus: s.cpus,
    cpu_shares: s.cpuShares,
    cpu_quota: s.cpuQuotaUs,
    cpu_period: s.cpuPeriodUs,
    cpuset: s.cpuset,
    pids_limit: s.pidsLimit,
    oom_kill_disable: s.oomKillDisable,
    oom_score_adj: s.oomScoreAdj,
    scale: s.scale,
    deploy: s.deploy
      ? clean({
          mode: s.deploy.mode,
          replicas: s.deploy.replicas,
          labels: mapObject(s.deploy.labels),
          resources:
            Object.keys(clean(s.deploy.resources.limits)).length || Object.keys(clean({ cpus: s.deploy.resources.reservations.cpus, memoryBytes: s.deploy.resources.reservations.memoryBytes })).length
              ? clean({
                  limits: Object.keys(clean(s.deploy.resources.limits)).length ? clean({ cpus: s.deploy.resources.limits.cpus, memory: s.deploy.resources.limits.memoryBytes, pids: s.deploy.resources.limits.pids }) : undefined,
                  reservations:
                    s.deploy.resources.reservations.cpus !== undefined || s.deploy.resources.reservations.memoryBytes !== undefined
                      ? clean({ cpus: s.deploy.resources.reservations.cpus, memory: s.deploy.resources.reservations.memoryBytes })
                      : undefined,
                })
              : undefined,
          restart_policy: s.deploy.restartPolicy
            ? clean({
                condition: s.deploy.restartPolicy.condition,
                delay: s.deploy.restartPolicy.delayMs !== undefined ? formatDuration(s.deploy.restartPolicy.delayMs) : undefined,
                max_attempts: s.deploy.restartPolicy.maxAttempts,
                window: s.deploy.restartPolicy.windowMs !== undefined ? formatDuration(s.deploy.restartPolicy.windowMs) : undefined,
              })
            : undefined,
        })
      : undefined,
    logging: s.logging ? clean({ driver: s.logging.driver, options: mapObject(s.logging.options) }) : undefined,
    post_start: s.postStart.length ? s.postStart.map((h) => clean({ command: [...h.command], user: h.user, privileged: h.privileged, working_dir: h.workingDir, environment: mapObject(h.environment) })) : undefined,
    pre_stop: s.preStop.length ? s.preStop.map((h) => clean({ command: [...h.command], user: h.user, privileged: h.privileged, working_dir: h.workingDir, environment: mapObject(h.environment) })) : undefined,
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
  });
}

function volume(v: Volume): Doc {
  return clean({ name: v.name, external: v.external || undefined, driver: v.driver, driver_opts: mapObject(v.driverOpts), labels: mapObject(v.labels) });
}

export function composeDocument(project: ComposeProject): Doc {
  const group = <T>(m: ReadonlyMap<string, T>, f: (x: T) => Doc) => (m.size === 0 ? undefined : Object.fromEntries([...m].map(([k, v]) => [k, f(v)])));
  return clean({
    name: project.name,
    services: group(project.services, service),
    networks: group(project.networks, network),
    volumes: group(project.volumes, volume),
    secrets: group(project.secrets, (s) => clean({ name: s.name, ...fileSource(s.source), labels: mapObject(s.labels) })),
    configs: group(project.configs, (c) => clean({ name: c.name, ...fileSource(c.source), labels: mapObject(c.labels) })),
    ...Object.fromEntries(project.extensions),
  });
}
