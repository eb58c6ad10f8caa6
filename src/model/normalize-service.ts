// Stage 6, one service: its merged mapping -> Service (long syntax, ms, bytes, absolute host paths).
// Reports C501-C519 through NormalizeContext and the parse-* functions; env_file and label_file problems come from readEnvFile.
import { isIP } from 'node:net';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { pointerJoin, type Pointer } from '../source/origins.js';
import { modelCodes } from './codes.js';
import type { NormalizeContext } from './normalize-context.js';
import { parseDevice } from './parse-device.js';
import { parseDuration } from './parse-duration.js';
import { parseExtraHost, parseHostAddress } from './parse-extra-host.js';
import { parseFileMode } from './parse-file-mode.js';
import { parseHealthTest } from './parse-health-test.js';
import { parsePortRange, parsePortShort, parseProtocol } from './parse-port.js';
import { parseRestart } from './parse-restart.js';
import { parseSize } from './parse-size.js';
import { parseVolumeShort } from './parse-volume.js';
import { readServiceNetworkPodman, readServicePodman } from './podman-extensions.js';
import { readSystemdExtension } from './systemd-extension.js';
import { resolveHostPath } from './resolve-host-path.js';
import { splitCommand } from './split-command.js';
import type {
  BlkioConfig,
  Build,
  Dependency,
  DependencyCondition,
  Deploy,
  Develop,
  Device,
  DeviceRequest,
  EnvFileRef,
  ExtraHost,
  FileGrant,
  Healthcheck,
  LabelFileRef,
  LifecycleHook,
  Logging,
  Mount,
  MountType,
  Port,
  PreStartStep,
  RestartPolicy,
  Service,
  ServiceNetwork,
  TmpfsEntry,
  Ulimit,
  WatchRule,
  ValueSource,
} from './types.js';

/** Reads one env file: its variables in file order, or undefined when the file does not exist. */
export type ReadEnvFile = (path: string, format: string | undefined) => EnvFileContents | undefined;

export interface EnvFileContents {
  readonly vars: Iterable<readonly [string, string]>;
  readonly diagnostics?: readonly Diagnostic[];
}

const MOUNT_TYPES: readonly MountType[] = ['bind', 'volume', 'tmpfs', 'image', 'npipe', 'cluster'];
const CONDITIONS: readonly DependencyCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];

type Raw = Record<string, unknown>;

/** Builds a Service; `readEnvFile` absent means env files are listed but not read. */
export function normalizeService(ctx: NormalizeContext, name: string, raw: Raw, readEnvFile?: ReadEnvFile): Service {
  const pointer = pointerJoin('/services', name);
  const at = (key: string): Pointer => pointerJoin(pointer, key);
  const str = (key: string) => ctx.string(raw[key], at(key));
  const bool = (key: string) => ctx.boolean(raw[key], at(key));
  const int = (key: string) => ctx.integer(raw[key], at(key));
  const size = (key: string) => readSize(ctx, raw[key], at(key));
  const list = (key: string) => ctx.stringList(raw[key], at(key));
  const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
    (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

  const envFiles = readEnvFileRefs(ctx, raw['env_file'], at('env_file'));
  const environment = new Map<string, string>();
  const environmentSources = new Map<string, ValueSource>();
  for (const ref of envFiles) loadEnvFile(ctx, ref, environment, environmentSources, readEnvFile);
  ctx.environmentMap(raw['environment'], at('environment'), environment, environmentSources);

  // compose reads label files when it loads the project, like env files: their labels first, `labels:` wins.
  const labelFiles = readLabelFileRefs(ctx, raw['label_file'], at('label_file'));
  const labels = new Map<string, string>();
  for (const ref of labelFiles) loadLabelFile(ctx, ref, labels, readEnvFile);
  for (const [k, v] of ctx.stringMap(raw['labels'], at('labels'))) labels.set(k, v);

  const networkMode = str('network_mode');
  const networks = readServiceNetworks(ctx, raw['networks'], at('networks'));
  // As compose does: a service attached to nothing explicit joins the project's default network.
  if (networks.length === 0 && networkMode === undefined) {
    networks.push({ pointer, name: 'default', aliases: [], linkLocalIps: [], driverOpts: new Map() });
  }

  const dependsOn = readDependsOn(ctx, raw['depends_on'], at('depends_on'));
  addImplicitDependencies(ctx, raw, pointer, dependsOn);

  const extensions = new Map<string, unknown>();
  for (const [k, v] of Object.entries(raw)) if (k.startsWith('x-')) extensions.set(k, v);

  const command = readCommand(ctx, raw['command'], at('command'));
  const entrypoint = readCommand(ctx, raw['entrypoint'], at('entrypoint'));
  const healthcheck = readHealthcheck(ctx, raw['healthcheck'], at('healthcheck'));
  const restart = readRestart(ctx, raw['restart'], at('restart'));
  const deploy = readDeploy(ctx, raw['deploy'], at('deploy'));
  const build = readBuild(ctx, raw['build'], at('build'));
  const logging = readLogging(ctx, raw['logging'], at('logging'));
  const blkio = readBlkio(ctx, raw['blkio_config'], at('blkio_config'));
  const cgroupText = str('cgroup');
  const cgroup = (['host', 'private'] as const).find((c) => c === cgroupText);
  if (cgroupText !== undefined && !cgroup) ctx.unexpected(at('cgroup'), '`host` or `private`', cgroupText);

  return {
    name,
    pointer,
    keys: new Set(Object.keys(raw)),
    ...opt('image', str('image')),
    ...opt('build', build),
    ...opt('pullPolicy', str('pull_policy')),
    ...opt('pullRefreshAfter', str('pull_refresh_after')),
    ...opt('platform', str('platform')),
    profiles: list('profiles'),
    ...opt('command', command),
    ...opt('entrypoint', entrypoint),
    ...opt('workingDir', str('working_dir')),
    ...opt('user', str('user')),
    groupAdd: list('group_add'),
    environment,
    environmentSources,
    envFiles,
    labels,
    labelFiles,
    annotations: ctx.stringMap(raw['annotations'], at('annotations')),
    ports: readPorts(ctx, raw['ports'], at('ports')),
    expose: list('expose'),
    networks: networks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    ...opt('networkMode', networkMode),
    ...opt('hostname', str('hostname')),
    ...opt('domainname', str('domainname')),
    ...opt('macAddress', str('mac_address')),
    dns: list('dns'),
    dnsSearch: list('dns_search'),
    dnsOpt: list('dns_opt'),
    extraHosts: readExtraHosts(ctx, raw['extra_hosts'], at('extra_hosts')),
    links: list('links'),
    externalLinks: list('external_links'),
    volumes: readMounts(ctx, raw['volumes'], at('volumes')),
    tmpfs: readTmpfs(ctx, raw['tmpfs'], at('tmpfs')),
    volumesFrom: list('volumes_from'),
    secrets: readGrants(ctx, raw['secrets'], at('secrets'), 'secret'),
    configs: readGrants(ctx, raw['configs'], at('configs'), 'config'),
    devices: readDevices(ctx, raw['devices'], at('devices')),
    deviceCgroupRules: list('device_cgroup_rules'),
    dependsOn,
    ...opt('healthcheck', healthcheck),
    ...opt('restart', restart),
    ...opt('deploy', deploy),
    ...opt('scale', readReplicas(ctx, raw['scale'], at('scale'))),
    preStart: readPreStart(ctx, raw['pre_start'], at('pre_start')),
    postStart: readHooks(ctx, raw['post_start'], at('post_start')),
    preStop: readHooks(ctx, raw['pre_stop'], at('pre_stop')),
    ...opt('useApiSocket', bool('use_api_socket')),
    ...opt('develop', readDevelop(ctx, raw['develop'], at('develop'))),
    ...opt('containerName', str('container_name')),
    ...opt('stopSignal', str('stop_signal')),
    ...opt('stopGracePeriodMs', readDuration(ctx, raw['stop_grace_period'], at('stop_grace_period'))),
    ...opt('init', bool('init')),
    ...opt('readOnly', bool('read_only')),
    ...opt('privileged', bool('privileged')),
    ...opt('tty', bool('tty')),
    ...opt('stdinOpen', bool('stdin_open')),
    capAdd: list('cap_add'),
    capDrop: list('cap_drop'),
    securityOpt: list('security_opt'),
    ...opt('userns', str('userns_mode')),
    ...opt('ipc', str('ipc')),
    ...opt('pid', str('pid')),
    ...opt('uts', str('uts')),
    ...opt('cgroup', cgroup),
    ...opt('cgroupParent', str('cgroup_parent')),
    ...opt('runtime', str('runtime')),
    sysctls: ctx.stringMap(raw['sysctls'], at('sysctls')),
    ulimits: readUlimits(ctx, raw['ulimits'], at('ulimits')),
    storageOpt: ctx.stringMap(raw['storage_opt'], at('storage_opt')),
    ...opt('shmSizeBytes', size('shm_size')),
    ...opt('memLimitBytes', size('mem_limit')),
    ...opt('memReservationBytes', size('mem_reservation')),
    ...opt('memswapLimitBytes', readSize(ctx, raw['memswap_limit'], at('memswap_limit'), true)),
    ...opt('memSwappiness', int('mem_swappiness')),
    ...opt('oomKillDisable', bool('oom_kill_disable')),
    ...opt('oomScoreAdj', int('oom_score_adj')),
    ...opt('cpus', readCpus(ctx, raw['cpus'], at('cpus'))),
    ...opt('cpuShares', int('cpu_shares')),
    ...opt('cpuQuotaUs', readMicros(ctx, raw['cpu_quota'], at('cpu_quota'))),
    ...opt('cpuPeriodUs', readMicros(ctx, raw['cpu_period'], at('cpu_period'))),
    ...opt('cpuRtRuntimeUs', readMicros(ctx, raw['cpu_rt_runtime'], at('cpu_rt_runtime'))),
    ...opt('cpuRtPeriodUs', readMicros(ctx, raw['cpu_rt_period'], at('cpu_rt_period'))),
    ...opt('cpuset', str('cpuset')),
    ...opt('pidsLimit', int('pids_limit')),
    ...opt('blkioConfig', blkio),
    ...opt('logging', logging),
    extensions,
    ...opt('podman', readServicePodman(ctx, raw, pointer)),
    ...opt('systemd', readSystemdExtension(ctx, raw, pointer)),
  };
}

// ---------------------------------------------------------------------------------------------
// Units

export function readDuration(ctx: NormalizeContext, value: unknown, pointer: Pointer): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    ctx.unexpected(pointer, 'a duration', value);
    return undefined;
  }
  return ctx.take(parseDuration(value), pointer, modelCodes.invalidDuration, modelCodes.unitlessDuration, 'write a number with a unit: `90s`, `1m30s`, `500ms`, `2h`');
}

export function readSize(ctx: NormalizeContext, value: unknown, pointer: Pointer, allowUnlimited = false): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (allowUnlimited && (value === -1 || value === '-1')) return -1;
  if (typeof value !== 'string' && typeof value !== 'number') {
    ctx.unexpected(pointer, 'a size', value);
    return undefined;
  }
  return ctx.take(parseSize(value), pointer, modelCodes.invalidSize, undefined, 'write bytes as a number, or a number with a unit: `512m`, `1g`, `1024k`');
}

function readCpus(ctx: NormalizeContext, value: unknown, pointer: Pointer): number | undefined {
  const n = ctx.number(value, pointer, 'a number of CPUs');
  if (n !== undefined && n < 0) {
    ctx.report(modelCodes.invalidNumber, pointer, `a number of CPUs cannot be negative (\`${n}\`)`);
    return undefined;
  }
  return n;
}

/** CFS times: an integer of microseconds, or a duration string. */
function readMicros(ctx: NormalizeContext, value: unknown, pointer: Pointer): number | undefined {
  if (typeof value === 'string' && /[a-zµμ]/i.test(value)) {
    const ms = readDuration(ctx, value, pointer);
    return ms === undefined ? undefined : Math.round(ms * 1000);
  }
  return ctx.integer(value, pointer, 'a number of microseconds');
}

function readMode(ctx: NormalizeContext, value: unknown, pointer: Pointer): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') {
    ctx.unexpected(pointer, 'a file mode', value);
    return undefined;
  }
  return ctx.take(parseFileMode(value, ctx.rawText(pointer)), pointer, modelCodes.invalidFileMode);
}

// ---------------------------------------------------------------------------------------------
// Commands, environment, env files

function readCommand(ctx: NormalizeContext, value: unknown, pointer: Pointer): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return ctx.take(splitCommand(value), pointer, modelCodes.invalidCommand, undefined, 'close the quote, or write the command as a list');
  return ctx.stringList(value, pointer);
}

function readEnvFileRefs(ctx: NormalizeContext, value: unknown, pointer: Pointer): EnvFileRef[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value.map((v, i) => [v, pointerJoin(pointer, i)] as const) : [[value, pointer] as const];
  const out: EnvFileRef[] = [];
  for (const [item, p] of items) {
    let path: string | undefined;
    let required = true;
    let format: string | undefined;
    if (typeof item === 'string') path = item;
    else {
      const rec = ctx.record(item, p);
      if (!rec) continue;
      path = ctx.string(rec['path'], pointerJoin(p, 'path'));
      required = ctx.boolean(rec['required'], pointerJoin(p, 'required')) ?? true;
      format = ctx.string(rec['format'], pointerJoin(p, 'format'));
    }
    if (path === undefined) {
      ctx.unexpected(p, 'an env file path', item);
      continue;
    }
    const resolved = ctx.take(resolveHostPath(path, ctx.workingDir, ctx.homeDir), typeof item === 'string' ? p : pointerJoin(p, 'path'), modelCodes.envFileMissing);
    if (resolved === undefined) continue;
    out.push({ pointer: p, path: resolved, required, ...(format !== undefined ? { format } : {}) });
  }
  return out;
}

function readLabelFileRefs(ctx: NormalizeContext, value: unknown, pointer: Pointer): LabelFileRef[] {
  const items = Array.isArray(value) ? value.map((v, i) => [v, pointerJoin(pointer, i)] as const) : value == null ? [] : [[value, pointer] as const];
  const out: LabelFileRef[] = [];
  for (const [item, p] of items) {
    const path = ctx.string(item, p);
    if (path === undefined) continue;
    const resolved = ctx.take(resolveHostPath(path, ctx.workingDir, ctx.homeDir), p, modelCodes.labelFileMissing);
    if (resolved !== undefined) out.push({ pointer: p, path: resolved });
  }
  return out;
}

/** A label file has the env file syntax (`KEY=VALUE` lines); unlike an env file it cannot be optional. */
function loadLabelFile(ctx: NormalizeContext, ref: LabelFileRef, into: Map<string, string>, readEnvFile?: ReadEnvFile): void {
  if (!readEnvFile) return;
  const contents = readEnvFile(ref.path, undefined);
  if (!contents) {
    ctx.report(modelCodes.labelFileMissing, ref.pointer, `label file \`${ref.path}\` not found`, { help: 'create the file, or remove it from `label_file`' });
    return;
  }
  ctx.diagnostics.push(...(contents.diagnostics ?? []));
  for (const [k, v] of contents.vars) into.set(k, v);
}

function loadEnvFile(ctx: NormalizeContext, ref: EnvFileRef, into: Map<string, string>, sources: Map<string, ValueSource>, readEnvFile?: ReadEnvFile): void {
  if (!readEnvFile) return;
  const contents = readEnvFile(ref.path, ref.format);
  if (!contents) {
    if (ref.required) {
      ctx.report(modelCodes.envFileMissing, ref.pointer, `env file \`${ref.path}\` not found`, {
        help: 'create the file, or mark it optional with `required: false` in the long form',
      });
    }
    return;
  }
  ctx.diagnostics.push(...(contents.diagnostics ?? []));
  for (const [k, v] of contents.vars) {
    into.set(k, v);
    sources.set(k, { kind: 'env_file', path: ref.path });
  }
}

// ---------------------------------------------------------------------------------------------
// Ports, mounts, devices

function readPorts(ctx: NormalizeContext, value: unknown, pointer: Pointer): Port[] {
  const out: Port[] = [];
  ctx.list(value, pointer).forEach((item, i) => {
    const p = pointerJoin(pointer, i);
    if (typeof item === 'string' || typeof item === 'number') {
      const spec = ctx.take(parsePortShort(item), p, modelCodes.invalidPort, undefined, 'write `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, e.g. `127.0.0.1:8080:80/tcp`');
      if (spec) out.push({ pointer: p, ...spec });
      return;
    }
    const rec = ctx.record(item, p);
    if (!rec) return;
    const port = readPortLong(ctx, rec, p);
    if (port) out.push(port);
  });
  return out;
}

function readPortLong(ctx: NormalizeContext, rec: Raw, p: Pointer): Port | undefined {
  const targetText = ctx.string(rec['target'], pointerJoin(p, 'target'));
  if (targetText === undefined) {
    ctx.report(modelCodes.invalidPort, p, 'a port in long form needs a `target`');
    return undefined;
  }
  const target = ctx.take(parsePortRange(targetText), pointerJoin(p, 'target'), modelCodes.invalidPort);
  if (!target) return undefined;
  if (target.start === 0) {
    ctx.report(modelCodes.invalidPort, pointerJoin(p, 'target'), 'the container port cannot be 0');
    return undefined;
  }
  let published: string | undefined;
  const publishedText = ctx.string(rec['published'], pointerJoin(p, 'published'));
  if (publishedText !== undefined && publishedText !== '') {
    const range = ctx.take(parsePortRange(publishedText), pointerJoin(p, 'published'), modelCodes.invalidPort);
    if (!range) return undefined;
    published = range.start === range.end ? String(range.start) : `${range.start}-${range.end}`;
  }
  let hostIp = ctx.string(rec['host_ip'], pointerJoin(p, 'host_ip'));
  if (hostIp !== undefined) {
    if (hostIp.startsWith('[') && hostIp.endsWith(']')) hostIp = hostIp.slice(1, -1);
    if (isIP(hostIp) === 0) {
      ctx.report(modelCodes.invalidAddress, pointerJoin(p, 'host_ip'), `\`${hostIp}\` is not an IP address`);
      return undefined;
    }
  }
  const protocolText = ctx.string(rec['protocol'], pointerJoin(p, 'protocol'));
  const protocol = protocolText === undefined ? 'tcp' : parseProtocol(protocolText);
  if (!protocol) {
    ctx.report(modelCodes.invalidPort, pointerJoin(p, 'protocol'), `unknown protocol \`${protocolText}\` (expected tcp, udp or sctp)`);
    return undefined;
  }
  const mode = ctx.string(rec['mode'], pointerJoin(p, 'mode'));
  const name = ctx.string(rec['name'], pointerJoin(p, 'name'));
  const appProtocol = ctx.string(rec['app_protocol'], pointerJoin(p, 'app_protocol'));
  return {
    pointer: p,
    target: target.start,
    ...(target.end !== target.start ? { targetEnd: target.end } : {}),
    ...(published !== undefined ? { published } : {}),
    ...(hostIp !== undefined && hostIp !== '' ? { hostIp } : {}),
    protocol,
    ...(mode !== undefined ? { mode } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(appProtocol !== undefined ? { appProtocol } : {}),
  };
}

function readMounts(ctx: NormalizeContext, value: unknown, pointer: Pointer): Mount[] {
  const out: Mount[] = [];
  ctx.list(value, pointer).forEach((item, i) => {
    const p = pointerJoin(pointer, i);
    if (typeof item === 'string') {
      const spec = ctx.take(parseVolumeShort(item, ctx), p, modelCodes.invalidVolume, modelCodes.ignoredVolumeOption, 'write `SOURCE:TARGET[:MODE]`, e.g. `./data:/data:ro` or `dbdata:/var/lib/db`');
      if (spec) out.push({ pointer: p, ...spec });
      return;
    }
    const rec = ctx.record(item, p);
    if (!rec) return;
    const mount = readMountLong(ctx, rec, p);
    if (mount) out.push(mount);
  });
  return out;
}

function readMountLong(ctx: NormalizeContext, rec: Raw, p: Pointer): Mount | undefined {
  const typeText = ctx.string(rec['type'], pointerJoin(p, 'type'));
  const type = MOUNT_TYPES.find((t) => t === typeText);
  if (!type) {
    ctx.report(modelCodes.invalidVolume, typeText === undefined ? p : pointerJoin(p, 'type'), typeText === undefined ? 'a volume in long form needs a `type`' : `unknown mount type \`${typeText}\``, {
      help: `use one of ${MOUNT_TYPES.join(', ')}`,
    });
    return undefined;
  }
  const target = ctx.string(rec['target'], pointerJoin(p, 'target'));
  if (target === undefined || !target.startsWith('/')) {
    ctx.report(modelCodes.invalidVolume, target === undefined ? p : pointerJoin(p, 'target'), target === undefined ? 'a volume in long form needs a `target`' : `the container path \`${target}\` must be absolute`);
    return undefined;
  }
  let source = ctx.string(rec['source'], pointerJoin(p, 'source'));
  if (source === '') source = undefined;
  if (type === 'bind') {
    if (source === undefined) {
      ctx.report(modelCodes.invalidVolume, p, 'a bind mount needs a `source`');
      return undefined;
    }
    source = ctx.take(resolveHostPath(source, ctx.workingDir, ctx.homeDir), pointerJoin(p, 'source'), modelCodes.invalidVolume);
    if (source === undefined) return undefined;
  }
  const readOnly = ctx.boolean(rec['read_only'], pointerJoin(p, 'read_only')) ?? false;
  const consistency = ctx.string(rec['consistency'], pointerJoin(p, 'consistency'));

  const bindRec = ctx.record(rec['bind'], pointerJoin(p, 'bind'));
  const bp = pointerJoin(p, 'bind');
  const selinuxText = bindRec ? ctx.string(bindRec['selinux'], pointerJoin(bp, 'selinux')) : undefined;
  const selinux = (['z', 'Z'] as const).find((c) => c === selinuxText);
  if (selinuxText !== undefined && !selinux) {
    ctx.report(modelCodes.invalidVolume, pointerJoin(bp, 'selinux'), `\`selinux\` must be \`z\` or \`Z\`, not \`${selinuxText}\``);
  }
  const propagation = bindRec ? ctx.string(bindRec['propagation'], pointerJoin(bp, 'propagation')) : undefined;
  const createHostPath = bindRec ? ctx.boolean(bindRec['create_host_path'], pointerJoin(bp, 'create_host_path')) : undefined;
  const recursive = bindRec ? ctx.string(bindRec['recursive'], pointerJoin(bp, 'recursive')) : undefined;
  const bind = {
    ...(propagation !== undefined ? { propagation } : {}),
    ...(selinux !== undefined ? { selinux } : {}),
    ...(createHostPath !== undefined ? { createHostPath } : {}),
    ...(recursive !== undefined ? { recursive } : {}),
  };

  const vp = pointerJoin(p, 'volume');
  const volRec = ctx.record(rec['volume'], vp);
  const nocopy = volRec ? ctx.boolean(volRec['nocopy'], pointerJoin(vp, 'nocopy')) : undefined;
  const subpath = volRec ? ctx.string(volRec['subpath'], pointerJoin(vp, 'subpath')) : undefined;

  const tp = pointerJoin(p, 'tmpfs');
  const tmpRec = ctx.record(rec['tmpfs'], tp);
  const sizeBytes = tmpRec ? readSize(ctx, tmpRec['size'], pointerJoin(tp, 'size')) : undefined;
  const mode = tmpRec ? readMode(ctx, tmpRec['mode'], pointerJoin(tp, 'mode')) : undefined;

  const ip = pointerJoin(p, 'image');
  const imgRec = ctx.record(rec['image'], ip);
  const imageSubpath = imgRec ? ctx.string(imgRec['subpath'], pointerJoin(ip, 'subpath')) : undefined;

  return {
    pointer: p,
    type,
    ...(source !== undefined ? { source } : {}),
    target,
    readOnly,
    ...(consistency !== undefined ? { consistency } : {}),
    ...(bindRec || (type === 'bind' && Object.keys(bind).length > 0) ? { bind } : {}),
    ...(volRec ? { volume: { ...(nocopy !== undefined ? { nocopy } : {}), ...(subpath !== undefined ? { subpath } : {}) } } : {}),
    ...(tmpRec ? { tmpfs: { ...(sizeBytes !== undefined ? { sizeBytes } : {}), ...(mode !== undefined ? { mode } : {}) } } : {}),
    ...(imgRec ? { image: { ...(imageSubpath !== undefined ? { subpath: imageSubpath } : {}) } } : {}),
  };
}

function readTmpfs(ctx: NormalizeContext, value: unknown, pointer: Pointer): TmpfsEntry[] {
  const items = Array.isArray(value) ? value.map((v, i) => [v, pointerJoin(pointer, i)] as const) : value == null ? [] : [[value, pointer] as const];
  const out: TmpfsEntry[] = [];
  for (const [item, p] of items) {
    const text = ctx.string(item, p);
    if (text === undefined) continue;
    const colon = text.indexOf(':');
    const target = colon < 0 ? text : text.slice(0, colon);
    if (!target.startsWith('/')) {
      ctx.report(modelCodes.invalidVolume, p, `the tmpfs path \`${target}\` must be absolute`, { index: 0, length: Math.max(1, target.length) });
      continue;
    }
    out.push({ pointer: p, target, ...(colon >= 0 ? { options: text.slice(colon + 1) } : {}) });
  }
  return out;
}

function readDevices(ctx: NormalizeContext, value: unknown, pointer: Pointer): Device[] {
  const out: Device[] = [];
  ctx.list(value, pointer).forEach((item, i) => {
    const p = pointerJoin(pointer, i);
    if (typeof item === 'string') {
      const spec = ctx.take(parseDevice(item), p, modelCodes.invalidDevice);
      if (spec) out.push({ pointer: p, ...spec });
      return;
    }
    const rec = ctx.record(item, p);
    if (!rec) return;
    const source = ctx.string(rec['source'], pointerJoin(p, 'source'));
    if (source === undefined) {
      ctx.report(modelCodes.invalidDevice, p, 'a device in long form needs a `source`');
      return;
    }
    const target = ctx.string(rec['target'], pointerJoin(p, 'target'));
    const permissions = ctx.string(rec['permissions'], pointerJoin(p, 'permissions'));
    out.push({ pointer: p, source, ...(target !== undefined ? { target } : {}), ...(permissions !== undefined ? { permissions } : {}) });
  });
  return out;
}

/** Service (or build) secrets and configs: a bare name, or `{source, target, uid, gid, mode}`. */
export function readGrants(ctx: NormalizeContext, value: unknown, pointer: Pointer, kind: 'secret' | 'config'): FileGrant[] {
  const out: FileGrant[] = [];
  const defaultTarget = (name: string) => (kind === 'secret' ? `/run/secrets/${name}` : `/${name}`);
  ctx.list(value, pointer).forEach((item, i) => {
    const p = pointerJoin(pointer, i);
    if (typeof item === 'string') {
      out.push({ pointer: p, source: item, target: defaultTarget(item) });
      return;
    }
    const rec = ctx.record(item, p);
    if (!rec) return;
    const source = ctx.string(rec['source'], pointerJoin(p, 'source'));
    if (source === undefined) {
      ctx.unexpected(p, `a ${kind} name or a mapping with \`source\``, item);
      return;
    }
    const targetText = ctx.string(rec['target'], pointerJoin(p, 'target'));
    // A relative secret target names a file under /run/secrets; a relative config target is taken from /.
    const target = targetText === undefined || targetText === '' ? defaultTarget(source) : targetText.startsWith('/') ? targetText : defaultTarget(targetText);
    const uid = ctx.string(rec['uid'], pointerJoin(p, 'uid'));
    const gid = ctx.string(rec['gid'], pointerJoin(p, 'gid'));
    const mode = readMode(ctx, rec['mode'], pointerJoin(p, 'mode'));
    out.push({ pointer: p, source, target, ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}), ...(mode !== undefined ? { mode } : {}) });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Networking

function readServiceNetworks(ctx: NormalizeContext, value: unknown, pointer: Pointer): ServiceNetwork[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    const out: ServiceNetwork[] = [];
    value.forEach((item, i) => {
      const p = pointerJoin(pointer, i);
      const name = ctx.string(item, p);
      if (name !== undefined) out.push({ pointer: p, name, aliases: [], linkLocalIps: [], driverOpts: new Map() });
    });
    return out;
  }
  const rec = ctx.record(value, pointer);
  if (!rec) return [];
  return Object.entries(rec).map(([name, v]) => {
    const p = pointerJoin(pointer, name);
    const r = ctx.record(v, p) ?? {};
    const at = (k: string) => pointerJoin(p, k);
    const ipv4 = readAddress(ctx, r['ipv4_address'], at('ipv4_address'), 4);
    const ipv6 = readAddress(ctx, r['ipv6_address'], at('ipv6_address'), 6);
    // podman-compose's older spellings count when compose's own keys are unset
    const podman = readServiceNetworkPodman(ctx, r, p);
    const mac = ctx.string(r['mac_address'], at('mac_address')) ?? podman.macAddress;
    const priority = ctx.integer(r['priority'], at('priority'));
    const gwPriority = ctx.integer(r['gw_priority'], at('gw_priority'));
    const interfaceName = ctx.string(r['interface_name'], at('interface_name')) ?? podman.interfaceName;
    return {
      pointer: p,
      name,
      aliases: ctx.stringList(r['aliases'], at('aliases')),
      ...(ipv4 !== undefined ? { ipv4Address: ipv4 } : {}),
      ...(ipv6 !== undefined ? { ipv6Address: ipv6 } : {}),
      linkLocalIps: ctx.stringList(r['link_local_ips'], at('link_local_ips')),
      ...(mac !== undefined ? { macAddress: mac } : {}),
      driverOpts: ctx.stringMap(r['driver_opts'], at('driver_opts')),
      ...(priority !== undefined ? { priority } : {}),
      ...(gwPriority !== undefined ? { gwPriority } : {}),
      ...(interfaceName !== undefined ? { interfaceName } : {}),
    };
  });
}

function readAddress(ctx: NormalizeContext, value: unknown, pointer: Pointer, family: 4 | 6): string | undefined {
  const text = ctx.string(value, pointer);
  if (text === undefined) return undefined;
  const ip = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIP(ip) !== family) {
    ctx.report(modelCodes.invalidAddress, pointer, `\`${text}\` is not an IPv${family} address`);
    return undefined;
  }
  return ip;
}

function readExtraHosts(ctx: NormalizeContext, value: unknown, pointer: Pointer): ExtraHost[] {
  if (value === null || value === undefined) return [];
  const out: ExtraHost[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const p = pointerJoin(pointer, i);
      const text = ctx.string(item, p);
      if (text === undefined) return;
      const host = ctx.take(parseExtraHost(text), p, modelCodes.invalidExtraHost, undefined, 'write `HOST=IP` (or `HOST:IP`), e.g. `db.local=10.0.0.5`');
      if (host) out.push(host);
    });
    return out;
  }
  const rec = ctx.record(value, pointer);
  if (!rec) return [];
  for (const [host, v] of Object.entries(rec)) {
    const p = pointerJoin(pointer, host);
    // The map form may give several addresses for one host.
    for (const [addr, ap] of Array.isArray(v) ? v.map((a, i) => [a, pointerJoin(p, i)] as const) : [[v, p] as const]) {
      const text = ctx.string(addr, ap);
      if (text === undefined) continue;
      const ip = ctx.take(parseHostAddress(text), ap, modelCodes.invalidExtraHost);
      if (ip !== undefined) out.push({ host, ip });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lifecycle: dependencies, healthcheck, restart, deploy, hooks

function readDependsOn(ctx: NormalizeContext, value: unknown, pointer: Pointer): Dependency[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    const out: Dependency[] = [];
    value.forEach((item, i) => {
      const p = pointerJoin(pointer, i);
      const service = ctx.string(item, p);
      if (service !== undefined) out.push({ pointer: p, service, condition: 'service_started', required: true, restart: false });
    });
    return out;
  }
  const rec = ctx.record(value, pointer);
  if (!rec) return [];
  return Object.entries(rec).map(([service, v]) => {
    const p = pointerJoin(pointer, service);
    const r = ctx.record(v, p) ?? {};
    const conditionText = ctx.string(r['condition'], pointerJoin(p, 'condition'));
    const condition = CONDITIONS.find((c) => c === conditionText);
    if (conditionText !== undefined && !condition) {
      ctx.unexpected(pointerJoin(p, 'condition'), `one of ${CONDITIONS.join(', ')}`, conditionText);
    }
    return {
      pointer: p,
      service,
      condition: condition ?? 'service_started',
      required: ctx.boolean(r['required'], pointerJoin(p, 'required')) ?? true,
      restart: ctx.boolean(r['restart'], pointerJoin(p, 'restart')) ?? false,
    };
  });
}

/** Each replica is a systemd unit instance: more than this is a hostile or broken file, not a deployment. */
export const MAX_REPLICAS = 1000;

/** `scale` and `deploy.replicas`: a whole number from 0 to MAX_REPLICAS. */
function readReplicas(ctx: NormalizeContext, value: unknown, pointer: Pointer): number | undefined {
  const n = ctx.integer(value, pointer, 'a whole number of replicas');
  if (n === undefined) return undefined;
  if (n < 0 || n > MAX_REPLICAS) {
    ctx.report(modelCodes.invalidNumber, pointer, `\`${n}\` replicas: a service runs from 0 to ${MAX_REPLICAS} replicas, each one a systemd unit`);
    return undefined;
  }
  return n;
}

/** Sharing a namespace, links and volumes_from need the other service's container to exist first, as in compose. */
function addImplicitDependencies(ctx: NormalizeContext, raw: Raw, pointer: Pointer, deps: Dependency[]): void {
  const add = (service: string, p: Pointer, restart: boolean) => {
    if (service === '' || deps.some((d) => d.service === service)) return;
    deps.push({ pointer: p, service, condition: 'service_started', required: true, restart });
  };
  for (const key of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const v = raw[key];
    if (typeof v === 'string' && v.startsWith('service:')) add(v.slice('service:'.length), pointerJoin(pointer, key), true);
  }
  ctx.stringList(raw['links'], pointerJoin(pointer, 'links')).forEach((link, i) => add(link.split(':')[0]!, pointerJoin(pointerJoin(pointer, 'links'), i), true));
  ctx.stringList(raw['volumes_from'], pointerJoin(pointer, 'volumes_from')).forEach((from, i) => {
    if (!from.startsWith('container:')) add(from.split(':')[0]!, pointerJoin(pointerJoin(pointer, 'volumes_from'), i), false);
  });
}

function readHealthcheck(ctx: NormalizeContext, value: unknown, pointer: Pointer): Healthcheck | undefined {
  const rec = ctx.record(value, pointer);
  if (!rec) return undefined;
  const at = (k: string) => pointerJoin(pointer, k);
  let test: Healthcheck['test'];
  let disable = ctx.boolean(rec['disable'], at('disable')) ?? false;
  const rawTest = rec['test'];
  if (rawTest !== undefined && rawTest !== null) {
    const words = typeof rawTest === 'string' ? rawTest : ctx.stringList(rawTest, at('test'));
    const parsed = parseHealthTest(words);
    if (!parsed.ok) {
      const p = parsed.element !== undefined && Array.isArray(rawTest) ? pointerJoin(at('test'), parsed.element) : at('test');
      ctx.report(modelCodes.invalidHealthcheck, p, parsed.message, { help: 'write `test: ["CMD", "prog", "arg"]`, `test: ["CMD-SHELL", "shell command"]` or a plain string' });
    } else {
      test = parsed.test;
      disable ||= parsed.disable;
    }
  }
  const intervalMs = readDuration(ctx, rec['interval'], at('interval'));
  const timeoutMs = readDuration(ctx, rec['timeout'], at('timeout'));
  const startPeriodMs = readDuration(ctx, rec['start_period'], at('start_period'));
  const startIntervalMs = readDuration(ctx, rec['start_interval'], at('start_interval'));
  const retries = ctx.integer(rec['retries'], at('retries'));
  return {
    pointer,
    ...(test !== undefined ? { test } : {}),
    disable,
    ...(intervalMs !== undefined ? { intervalMs } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(retries !== undefined ? { retries } : {}),
    ...(startPeriodMs !== undefined ? { startPeriodMs } : {}),
    ...(startIntervalMs !== undefined ? { startIntervalMs } : {}),
  };
}

function readRestart(ctx: NormalizeContext, value: unknown, pointer: Pointer): RestartPolicy | undefined {
  // YAML 1.2 reads a bare `no` as a string, but an interpolated or quoted `false` must mean the same.
  const text = value === false ? 'no' : ctx.string(value, pointer);
  if (text === undefined) return undefined;
  const spec = ctx.take(parseRestart(text), pointer, modelCodes.invalidRestart);
  return spec ? { pointer, ...spec } : undefined;
}

function readDeploy(ctx: NormalizeContext, value: unknown, pointer: Pointer): Deploy | undefined {
  const rec = ctx.record(value, pointer);
  if (!rec) return undefined;
  const at = (k: string) => pointerJoin(pointer, k);
  const resources = ctx.record(rec['resources'], at('resources')) ?? {};
  const rp = at('resources');
  const limitsP = pointerJoin(rp, 'limits');
  const reservP = pointerJoin(rp, 'reservations');
  const limits = ctx.record(resources['limits'], limitsP) ?? {};
  const reservations = ctx.record(resources['reservations'], reservP) ?? {};
  const lcpus = readCpus(ctx, limits['cpus'], pointerJoin(limitsP, 'cpus'));
  const lmem = readSize(ctx, limits['memory'], pointerJoin(limitsP, 'memory'));
  const lpids = ctx.integer(limits['pids'], pointerJoin(limitsP, 'pids'));
  const rcpus = readCpus(ctx, reservations['cpus'], pointerJoin(reservP, 'cpus'));
  const rmem = readSize(ctx, reservations['memory'], pointerJoin(reservP, 'memory'));
  const devices = readDeviceRequests(ctx, reservations['devices'], pointerJoin(reservP, 'devices'));

  const rpp = at('restart_policy');
  const restartRec = ctx.record(rec['restart_policy'], rpp);
  let restartPolicy: Deploy['restartPolicy'];
  if (restartRec) {
    const conditionText = ctx.string(restartRec['condition'], pointerJoin(rpp, 'condition'));
    const condition = (['none', 'on-failure', 'any'] as const).find((c) => c === conditionText);
    if (conditionText !== undefined && !condition) ctx.unexpected(pointerJoin(rpp, 'condition'), 'one of none, on-failure, any', conditionText);
    const delayMs = readDuration(ctx, restartRec['delay'], pointerJoin(rpp, 'delay'));
    const maxAttempts = ctx.integer(restartRec['max_attempts'], pointerJoin(rpp, 'max_attempts'));
    const windowMs = readDuration(ctx, restartRec['window'], pointerJoin(rpp, 'window'));
    restartPolicy = {
      ...(condition !== undefined ? { condition } : {}),
      ...(delayMs !== undefined ? { delayMs } : {}),
      ...(maxAttempts !== undefined ? { maxAttempts } : {}),
      ...(windowMs !== undefined ? { windowMs } : {}),
    };
  }
  const mode = ctx.string(rec['mode'], at('mode'));
  const replicas = readReplicas(ctx, rec['replicas'], at('replicas'));
  return {
    pointer,
    keys: new Set(Object.keys(rec)),
    ...(mode !== undefined ? { mode } : {}),
    ...(replicas !== undefined ? { replicas } : {}),
    labels: ctx.stringMap(rec['labels'], at('labels')),
    resources: {
      limits: { ...(lcpus !== undefined ? { cpus: lcpus } : {}), ...(lmem !== undefined ? { memoryBytes: lmem } : {}), ...(lpids !== undefined ? { pids: lpids } : {}) },
      reservations: { ...(rcpus !== undefined ? { cpus: rcpus } : {}), ...(rmem !== undefined ? { memoryBytes: rmem } : {}), devices },
    },
    ...(restartPolicy !== undefined ? { restartPolicy } : {}),
  };
}

function readDeviceRequests(ctx: NormalizeContext, value: unknown, pointer: Pointer): DeviceRequest[] {
  const out: DeviceRequest[] = [];
  ctx.list(value, pointer).forEach((item, i) => {
    const p = pointerJoin(pointer, i);
    const rec = ctx.record(item, p);
    if (!rec) return;
    const driver = ctx.string(rec['driver'], pointerJoin(p, 'driver'));
    const countRaw = rec['count'];
    const count = countRaw === 'all' ? -1 : ctx.integer(countRaw, pointerJoin(p, 'count'));
    out.push({
      capabilities: ctx.stringList(rec['capabilities'], pointerJoin(p, 'capabilities')),
      ...(driver !== undefined ? { driver } : {}),
      ...(count !== undefined ? { count } : {}),
      deviceIds: ctx.stringList(rec['device_ids'], pointerJoin(p, 'device_ids')),
      options: ctx.stringMap(rec['options'], pointerJoin(p, 'options')),
    });
  });
  return out;
}

function readHooks(ctx: NormalizeContext, value: unknown, pointer: Pointer): LifecycleHook[] {
  const out: LifecycleHook[] = [];
  ctx.list(value, pointer).forEach((item, i) => {
    const hook = readHook(ctx, item, pointerJoin(pointer, i));
    if (hook) out.push(hook);
  });
  return out;
}

function readHook(ctx: NormalizeContext, item: unknown, p: Pointer): LifecycleHook | undefined {
  const rec = ctx.record(item, p);
  if (!rec) return undefined;
  const command = readCommand(ctx, rec['command'], pointerJoin(p, 'command'));
  if (!command) {
    ctx.unexpected(p, 'a hook with a `command`', item);
    return undefined;
  }
  const user = ctx.string(rec['user'], pointerJoin(p, 'user'));
  const privileged = ctx.boolean(rec['privileged'], pointerJoin(p, 'privileged'));
  const workingDir = ctx.string(rec['working_dir'], pointerJoin(p, 'working_dir'));
  const environmentSources = new Map<string, ValueSource>();
  const environment = ctx.environmentMap(rec['environment'], pointerJoin(p, 'environment'), new Map(), environmentSources);
  return {
    pointer: p,
    command,
    ...(user !== undefined ? { user } : {}),
    ...(privileged !== undefined ? { privileged } : {}),
    ...(workingDir !== undefined ? { workingDir } : {}),
    environment,
    environmentSources,
  };
}

function readPreStart(ctx: NormalizeContext, value: unknown, pointer: Pointer): PreStartStep[] {
  const out: PreStartStep[] = [];
  ctx.list(value, pointer).forEach((item, i) => {
    const p = pointerJoin(pointer, i);
    const hook = readHook(ctx, item, p);
    if (!hook) return;
    const rec = item as Raw;
    const image = ctx.string(rec['image'], pointerJoin(p, 'image'));
    const perReplica = ctx.boolean(rec['per_replica'], pointerJoin(p, 'per_replica')) ?? false;
    out.push({ ...hook, ...(image !== undefined ? { image } : {}), perReplica });
  });
  return out;
}

const WATCH_ACTIONS = ['rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec'];

function readDevelop(ctx: NormalizeContext, value: unknown, pointer: Pointer): Develop | undefined {
  const rec = ctx.record(value, pointer);
  if (!rec) return undefined;
  const wp = pointerJoin(pointer, 'watch');
  const watch: WatchRule[] = [];
  ctx.list(rec['watch'], wp).forEach((item, i) => {
    const p = pointerJoin(wp, i);
    const r = ctx.record(item, p);
    if (!r) return;
    const at = (k: string) => pointerJoin(p, k);
    const pathText = ctx.string(r['path'], at('path'));
    const action = ctx.string(r['action'], at('action'));
    if (pathText === undefined || action === undefined) {
      ctx.unexpected(p, 'a watch rule with `path` and `action`', item);
      return;
    }
    if (!WATCH_ACTIONS.includes(action)) {
      ctx.unexpected(at('action'), `one of ${WATCH_ACTIONS.join(', ')}`, action);
      return;
    }
    const path = ctx.take(resolveHostPath(pathText, ctx.workingDir, ctx.homeDir), at('path'), modelCodes.invalidVolume);
    if (path === undefined) return;
    const target = ctx.string(r['target'], at('target'));
    const initialSync = ctx.boolean(r['initial_sync'], at('initial_sync'));
    const exec = r['exec'] === undefined || r['exec'] === null ? undefined : readHook(ctx, r['exec'], at('exec'));
    const patterns = (k: string) => (typeof r[k] === 'string' ? [r[k] as string] : ctx.stringList(r[k], at(k)));
    watch.push({
      pointer: p,
      path,
      action,
      ...(target !== undefined ? { target } : {}),
      ignore: patterns('ignore'),
      include: patterns('include'),
      ...(initialSync !== undefined ? { initialSync } : {}),
      ...(exec !== undefined ? { exec } : {}),
    });
  });
  return { pointer, watch };
}

// ---------------------------------------------------------------------------------------------
// Resources and odds and ends

function readUlimits(ctx: NormalizeContext, value: unknown, pointer: Pointer): Map<string, Ulimit> {
  const out = new Map<string, Ulimit>();
  const rec = ctx.record(value, pointer);
  if (!rec) return out;
  for (const [name, v] of Object.entries(rec)) {
    const p = pointerJoin(pointer, name);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const r = v as Raw;
      const soft = ctx.integer(r['soft'], pointerJoin(p, 'soft'));
      const hard = ctx.integer(r['hard'], pointerJoin(p, 'hard'));
      if (soft === undefined || hard === undefined) {
        if (r['soft'] === undefined || r['hard'] === undefined) ctx.report(modelCodes.invalidUlimit, p, `ulimit \`${name}\` needs both \`soft\` and \`hard\``);
        continue;
      }
      if (soft > hard && hard !== -1) {
        ctx.report(modelCodes.invalidUlimit, pointerJoin(p, 'soft'), `the soft limit of \`${name}\` (${soft}) is above its hard limit (${hard})`);
        continue;
      }
      out.set(name, { soft, hard });
      continue;
    }
    const n = ctx.integer(v, p);
    if (n !== undefined) out.set(name, { soft: n, hard: n });
  }
  return out;
}

function readLogging(ctx: NormalizeContext, value: unknown, pointer: Pointer): Logging | undefined {
  const rec = ctx.record(value, pointer);
  if (!rec) return undefined;
  const driver = ctx.string(rec['driver'], pointerJoin(pointer, 'driver'));
  return { ...(driver !== undefined ? { driver } : {}), options: ctx.stringMap(rec['options'], pointerJoin(pointer, 'options')) };
}

function readBlkio(ctx: NormalizeContext, value: unknown, pointer: Pointer): BlkioConfig | undefined {
  const rec = ctx.record(value, pointer);
  if (!rec) return undefined;
  const rates = (key: string, bytes: boolean) =>
    ctx.list(rec[key], pointerJoin(pointer, key)).flatMap((item, i) => {
      const p = pointerJoin(pointerJoin(pointer, key), i);
      const r = ctx.record(item, p);
      if (!r) return [];
      const path = ctx.string(r['path'], pointerJoin(p, 'path'));
      const rate = bytes ? readSize(ctx, r['rate'], pointerJoin(p, 'rate')) : ctx.integer(r['rate'], pointerJoin(p, 'rate'));
      return path !== undefined && rate !== undefined ? [{ path, rate }] : [];
    });
  const weight = ctx.integer(rec['weight'], pointerJoin(pointer, 'weight'));
  return {
    ...(weight !== undefined ? { weight } : {}),
    weightDevice: ctx.list(rec['weight_device'], pointerJoin(pointer, 'weight_device')).flatMap((item, i) => {
      const p = pointerJoin(pointerJoin(pointer, 'weight_device'), i);
      const r = ctx.record(item, p);
      if (!r) return [];
      const path = ctx.string(r['path'], pointerJoin(p, 'path'));
      const w = ctx.integer(r['weight'], pointerJoin(p, 'weight'));
      return path !== undefined && w !== undefined ? [{ path, weight: w }] : [];
    }),
    deviceReadBps: rates('device_read_bps', true),
    deviceWriteBps: rates('device_write_bps', true),
    deviceReadIops: rates('device_read_iops', false),
    deviceWriteIops: rates('device_write_iops', false),
  };
}

const REMOTE_CONTEXT = /^([a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

function readBuild(ctx: NormalizeContext, value: unknown, pointer: Pointer): Build | undefined {
  if (value === null || value === undefined) return undefined;
  const resolveContext = (text: string, p: Pointer): string | undefined =>
    REMOTE_CONTEXT.test(text) ? text : ctx.take(resolveHostPath(text, ctx.workingDir, ctx.homeDir), p, modelCodes.invalidVolume);
  const empty = {
    args: new Map<string, string>(),
    labels: new Map<string, string>(),
    tags: [],
    platforms: [],
    cacheFrom: [],
    cacheTo: [],
    extraHosts: [],
    additionalContexts: new Map<string, string>(),
    secrets: [],
  };
  if (typeof value === 'string') {
    const context = resolveContext(value, pointer);
    return context === undefined ? undefined : { pointer, context, ...empty, keys: new Set(['context']) };
  }
  const rec = ctx.record(value, pointer);
  if (!rec) return undefined;
  const at = (k: string) => pointerJoin(pointer, k);
  const context = resolveContext(ctx.string(rec['context'], at('context')) ?? '.', at('context'));
  if (context === undefined) return undefined;
  const additionalContexts = new Map<string, string>();
  for (const e of ctx.keyValues(rec['additional_contexts'], at('additional_contexts'))) {
    // Values like `docker-image://...` or `target:...` name other sources; anything else is a directory.
    const v = e.value ?? '';
    const resolved = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : resolveContext(v, e.pointer);
    if (resolved !== undefined) additionalContexts.set(e.key, resolved);
  }
  const str = (k: string) => ctx.string(rec[k], at(k));
  const dockerfile = str('dockerfile');
  const dockerfileInline = str('dockerfile_inline');
  const target = str('target');
  const network = str('network');
  const shmSizeBytes = readSize(ctx, rec['shm_size'], at('shm_size'));
  const noCache = ctx.boolean(rec['no_cache'], at('no_cache'));
  const pull = ctx.boolean(rec['pull'], at('pull'));
  const privileged = ctx.boolean(rec['privileged'], at('privileged'));
  return {
    pointer,
    context,
    ...(dockerfile !== undefined ? { dockerfile } : {}),
    ...(dockerfileInline !== undefined ? { dockerfileInline } : {}),
    args: ctx.environmentMap(rec['args'], at('args')),
    ...(target !== undefined ? { target } : {}),
    labels: ctx.stringMap(rec['labels'], at('labels')),
    tags: ctx.stringList(rec['tags'], at('tags')),
    platforms: ctx.stringList(rec['platforms'], at('platforms')),
    cacheFrom: ctx.stringList(rec['cache_from'], at('cache_from')),
    cacheTo: ctx.stringList(rec['cache_to'], at('cache_to')),
    ...(network !== undefined ? { network } : {}),
    ...(shmSizeBytes !== undefined ? { shmSizeBytes } : {}),
    extraHosts: readExtraHosts(ctx, rec['extra_hosts'], at('extra_hosts')),
    additionalContexts,
    secrets: readGrants(ctx, rec['secrets'], at('secrets'), 'secret'),
    ...(noCache !== undefined ? { noCache } : {}),
    ...(pull !== undefined ? { pull } : {}),
    ...(privileged !== undefined ? { privileged } : {}),
    keys: new Set(Object.keys(rec)),
  };
}
