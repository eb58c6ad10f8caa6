// Stage 10, output `kube`: one compose service -> its Kubernetes container (image, command, env, ports, probes,
// resources, security context, mounts) plus the volumes it adds to its pod. Pure. Reports C752 (hostPath), C753
// (a value with no Kubernetes equivalent), C760 (an environment value read differently by Kubernetes and podman)
// and C762 (a security option only a cluster applies).
import { isLiteral, type Healthcheck, type LifecycleHook, type Mount, type Service } from '../../model/types.js';
import type { ServicePlan } from '../../plan/plan.js';
import { HEALTH_DEFAULTS } from '../../plan/health-wait.js';
import { pointerJoin } from '../../source/origins.js';
import { kubeCodes } from './codes.js';
import type { KubeContext, PodVolumes } from './kube-context.js';
import type { Container, ContainerPort, EnvVar, Probe, SecurityContext, VolumeMount } from './kube-objects.js';
import { isPortName, serviceDnsName } from './kube-names.js';
import { envSecretKeys, envSecretName } from './private-secrets.js';

/** Kubernetes and podman expand `$(NAME)` in command and args and read `$$` as `$`: doubling keeps text literal. */
export function literalArg(text: string): string {
  return text.replaceAll('$', '$$$$');
}

const ceilSec = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** `0.5` -> `500m`, `2` -> `2`. */
export function cpuQuantity(cpus: number): string {
  const milli = Math.round(cpus * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes in the largest binary unit that keeps them exact: `536870912` -> `512Mi`. */
export function memoryQuantity(bytes: number): string {
  for (const [unit, size] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

export interface ServicePort {
  readonly port: number;
  readonly protocol: string;
  readonly name?: string;
  readonly appProtocol?: string;
}

/** The ports other services reach this one on (its Service's ports): `ports` targets and `expose` entries. */
export function servicePorts(s: Service): ServicePort[] {
  const out: ServicePort[] = [];
  const add = (port: number, protocol: string, name?: string, appProtocol?: string) => {
    if (out.some((p) => p.port === port && p.protocol === protocol)) return;
    out.push({ port, protocol, ...(name !== undefined ? { name } : {}), ...(appProtocol !== undefined ? { appProtocol } : {}) });
  };
  for (const p of s.ports) {
    const end = p.targetEnd ?? p.target;
    for (let port = p.target; port <= end; port++) add(port, p.protocol.toUpperCase(), port === p.target && p.name !== undefined && isPortName(p.name) ? p.name : undefined, p.appProtocol);
  }
  for (const e of s.expose) {
    const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(e);
    if (!m) continue;
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : Number(m[2]);
    for (let port = start; port <= end; port++) add(port, (m[3] ?? 'tcp').toUpperCase());
  }
  return out;
}

function containerPorts(ctx: KubeContext, s: Service): ContainerPort[] {
  const out: ContainerPort[] = [];
  const seen = new Set<string>();
  const push = (p: ContainerPort) => {
    const id = `${p.containerPort}/${p.protocol}/${p.hostPort ?? ''}/${p.hostIP ?? ''}`;
    if (!seen.has(id)) out.push(p);
    seen.add(id);
  };
  for (const p of s.ports) {
    const end = p.targetEnd ?? p.target;
    const published = p.published === undefined ? undefined : /^(\d+)(?:-(\d+))?$/.exec(p.published);
    if (p.published === undefined) {
      ctx.report(kubeCodes.valueDropped, `port ${p.target} of service \`${s.name}\` has no host port: compose publishes it on any free port, Kubernetes has no such thing, so it is only a container port`, p.pointer, {
        help: 'give the host port (`"8080:80"`) to publish it, or use `expose:` for a port only other services reach',
      });
    }
    for (let i = 0; p.target + i <= end; i++) {
      const hostPort = published ? Number(published[1]) + i : undefined;
      push({
        containerPort: p.target + i,
        ...(i === 0 && p.name !== undefined && isPortName(p.name) ? { name: p.name } : {}),
        protocol: p.protocol.toUpperCase(),
        ...(hostPort !== undefined && hostPort > 0 ? { hostPort } : {}),
        ...(hostPort !== undefined && hostPort > 0 && p.hostIp !== undefined ? { hostIP: p.hostIp } : {}),
      });
    }
  }
  for (const sp of servicePorts(s)) {
    if (!out.some((p) => p.containerPort === sp.port && p.protocol === sp.protocol)) push({ containerPort: sp.port, protocol: sp.protocol });
  }
  return out;
}

/**
 * The container's environment: values written in the compose file inline, the others from the service's private
 * Secret (private-secrets.ts), which Kubernetes and podman pass as they are (no `$(NAME)` expansion there).
 */
function environment(ctx: KubeContext, sp: ServicePlan): EnvVar[] {
  const s = sp.service;
  const secretKeys = envSecretKeys(sp.privateEnv);
  const secret = envSecretName(ctx, s.name);
  const out: EnvVar[] = [];
  for (const [name, value] of s.environment) {
    const key = secretKeys.get(name);
    if (key !== undefined) {
      out.push({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
      continue;
    }
    if (value.includes('$$') || /\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(value)) {
      ctx.report(kubeCodes.dollarInEnvironment, `environment variable \`${name}\` of service \`${s.name}\` holds \`$$\` or \`$(NAME)\`: a cluster reads \`$$\` as \`$\` and replaces \`$(NAME)\` by that variable, podman keeps the value as it is`, pointerJoin(pointerJoin(s.pointer, 'environment'), name), {
        atKey: true,
        help: 'the value is written as podman reads it; on a cluster write `$$$$` for `$$` and `$$(` for `$(`',
      });
    }
    out.push({ name, value });
  }
  return out;
}

/** The compose healthcheck as an exec probe; undefined when there is none (or only the image's). */
function probeOf(ctx: KubeContext, s: Service, h: Healthcheck | undefined, liveness: boolean): Probe | undefined {
  if (!h || h.disable) return undefined;
  if (h.test === undefined) {
    if (liveness) {
      ctx.report(kubeCodes.valueDropped, `the healthcheck of service \`${s.name}\` repeats the image's: Kubernetes probes do not read an image's HEALTHCHECK`, h.pointer, {
        atKey: true,
        help: 'write the image\'s check as `test:` to get probes',
      });
    }
    return undefined;
  }
  const command = h.test.kind === 'exec' ? [...h.test.argv] : ['/bin/sh', '-c', h.test.command];
  const start = h.startPeriodMs ?? HEALTH_DEFAULTS.startPeriodMs;
  return {
    exec: { command },
    // The liveness probe waits out start_period, in which compose does not count failures either.
    ...(liveness && start > 0 ? { initialDelaySeconds: ceilSec(start) } : {}),
    periodSeconds: ceilSec(h.intervalMs ?? HEALTH_DEFAULTS.intervalMs),
    timeoutSeconds: ceilSec(h.timeoutMs ?? HEALTH_DEFAULTS.timeoutMs),
    failureThreshold: Math.max(1, h.retries ?? HEALTH_DEFAULTS.retries),
  };
}

/** Where podman's and a cluster's seccomp profiles of type Localhost live (podman kube play's --seccomp-profile-root). */
export const SECCOMP_ROOT = '/var/lib/kubelet/seccomp/';

type MutableSecurityContext = { -readonly [K in keyof SecurityContext]: SecurityContext[K] };

/**
 * One `security_opt` entry (`key=value` or `key:value`) -> the container's securityContext. podman kube play
 * honours allowPrivilegeEscalation and seLinuxOptions; it reads seccomp from the pod annotation that workloads.ts
 * derives from seccompProfile, and ignores appArmorProfile (C762). Anything else is dropped (C753).
 */
function securityOption(ctx: KubeContext, s: Service, opt: string, at: string, sc: MutableSecurityContext): void {
  const m = /^([a-z-]+)(?:[=:](.*))?$/.exec(opt);
  const key = m?.[1];
  const value = m?.[2];
  const drop = (why: string, help: string) => ctx.report(kubeCodes.valueDropped, `security_opt \`${opt}\` of service \`${s.name}\` is dropped: ${why}`, at, { help });
  if (key === 'no-new-privileges') {
    if (value === undefined || value === 'true') sc.allowPrivilegeEscalation = false;
    // `false` is the default in both
    return;
  }
  if (key === 'label' && value !== undefined) {
    const part = /^(user|role|type|level):(.+)$/.exec(value);
    if (part) sc.seLinuxOptions = { ...sc.seLinuxOptions, [part[1]!]: part[2]! };
    // podman runs a container without label separation as spc_t, the type that Kubernetes names for it
    else if (value === 'disable') sc.seLinuxOptions = { ...sc.seLinuxOptions, type: 'spc_t' };
    else drop('seLinuxOptions has only user, role, type and level', 'set the file label on the cluster\'s volumes instead');
    return;
  }
  if (key === 'seccomp' && value !== undefined) {
    if (value === 'unconfined') sc.seccompProfile = { type: 'Unconfined' };
    // podman kube play finds a Localhost profile only directly in the folder (`localhost/NAME`)
    else if (value.startsWith(SECCOMP_ROOT) && /^[^/]+$/.test(value.slice(SECCOMP_ROOT.length))) sc.seccompProfile = { type: 'Localhost', localhostProfile: value.slice(SECCOMP_ROOT.length) };
    else drop(`a Kubernetes seccomp profile is a file in ${SECCOMP_ROOT} of the node`, `copy the profile there (on this host too) and write \`seccomp=${SECCOMP_ROOT}NAME.json\``);
    return;
  }
  if (key === 'apparmor' && value !== undefined && value !== '') {
    sc.appArmorProfile = value === 'unconfined' ? { type: 'Unconfined' } : { type: 'Localhost', localhostProfile: value };
    ctx.report(kubeCodes.clusterOnly, `security_opt \`${opt}\` of service \`${s.name}\` becomes appArmorProfile, which a cluster applies but podman kube play does not`, at, {
      help: 'convert with --format quadlet or units to apply the profile on this host',
    });
    return;
  }
  drop('the Kubernetes API has no field for it', 'set what the option did through the cluster\'s own policy, or convert with --format quadlet or units');
}

function securityContext(ctx: KubeContext, s: Service): SecurityContext | undefined {
  const sc: MutableSecurityContext = {};
  if (s.user !== undefined) {
    const m = /^(\d+)(?::(\d+))?$/.exec(s.user);
    if (m) {
      sc.runAsUser = Number(m[1]);
      if (m[2] !== undefined) sc.runAsGroup = Number(m[2]);
    } else {
      ctx.report(kubeCodes.valueDropped, `user \`${s.user}\` of service \`${s.name}\` is dropped: Kubernetes takes numeric user and group ids only`, pointerJoin(s.pointer, 'user'), {
        help: 'write the numeric ids (`user: "999:999"`)',
      });
    }
  }
  if (s.privileged === true) sc.privileged = true;
  if (s.readOnly === true) sc.readOnlyRootFilesystem = true;
  const cap = (c: string) => c.toUpperCase().replace(/^CAP_/, '');
  if (s.capAdd.length > 0 || s.capDrop.length > 0) {
    sc.capabilities = { ...(s.capAdd.length > 0 ? { add: s.capAdd.map(cap) } : {}), ...(s.capDrop.length > 0 ? { drop: s.capDrop.map(cap) } : {}) };
  }
  s.securityOpt.forEach((opt, i) => securityOption(ctx, s, opt, pointerJoin(pointerJoin(s.pointer, 'security_opt'), i), sc));
  return Object.keys(sc).length > 0 ? sc : undefined;
}

function resources(s: Service): Container['resources'] {
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  const d = s.deploy?.resources;
  const cpus = d?.limits.cpus ?? s.cpus;
  const mem = d?.limits.memoryBytes ?? s.memLimitBytes;
  const reqMem = d?.reservations.memoryBytes ?? s.memReservationBytes;
  if (cpus !== undefined && cpus > 0) limits['cpu'] = cpuQuantity(cpus);
  if (mem !== undefined && mem > 0) limits['memory'] = memoryQuantity(mem);
  if (d?.reservations.cpus !== undefined && d.reservations.cpus > 0) requests['cpu'] = cpuQuantity(d.reservations.cpus);
  if (reqMem !== undefined && reqMem > 0) requests['memory'] = memoryQuantity(reqMem);
  if (Object.keys(limits).length === 0 && Object.keys(requests).length === 0) return undefined;
  return { ...(Object.keys(limits).length > 0 ? { limits } : {}), ...(Object.keys(requests).length > 0 ? { requests } : {}) };
}

const PROPAGATION: Readonly<Record<string, string>> = { rshared: 'Bidirectional', shared: 'Bidirectional', rslave: 'HostToContainer', slave: 'HostToContainer' };

function mountOf(ctx: KubeContext, s: Service, m: Mount, i: number, pod: PodVolumes): VolumeMount | undefined {
  const ro = m.readOnly ? { readOnly: true } : {};
  if (m.type === 'volume' && m.source !== undefined) {
    const v = ctx.project.volumes.get(m.source);
    if (!v) return undefined;
    const claimName = ctx.claimName(v);
    const name = pod.add(`claim:${claimName}`, m.source, (n) => ({ name: n, persistentVolumeClaim: { claimName } }));
    return { name, mountPath: m.target, ...(m.volume?.subpath !== undefined ? { subPath: m.volume.subpath } : {}), ...ro };
  }
  if (m.type === 'volume') {
    const name = pod.add(`anonymous:${i}`, `anonymous-${i + 1}`, (n) => ({ name: n, emptyDir: {} }));
    return { name, mountPath: m.target, ...ro };
  }
  if (m.type === 'tmpfs') {
    const size = m.tmpfs?.sizeBytes;
    const name = pod.add(`tmpfs:${i}`, `tmpfs-${i + 1}`, (n) => ({ name: n, emptyDir: { medium: 'Memory', ...(size !== undefined ? { sizeLimit: memoryQuantity(size) } : {}) } }));
    return { name, mountPath: m.target };
  }
  if (m.type === 'image' && m.source !== undefined) {
    const reference = m.source;
    const name = pod.add(`image:${reference}`, `image-${i + 1}`, (n) => ({ name: n, image: { reference, pullPolicy: 'IfNotPresent' } }));
    return { name, mountPath: m.target, ...(m.image?.subpath !== undefined ? { subPath: m.image.subpath } : {}), readOnly: true };
  }
  if (m.type === 'bind' && m.source !== undefined) {
    const path = m.source;
    // compose's short syntax creates a missing host directory, as DirectoryOrCreate does.
    const create = m.bind?.createHostPath !== false;
    ctx.report(kubeCodes.hostPath, `the bind mount of \`${path}\` in service \`${s.name}\` becomes a hostPath volume: on a cluster the path must exist on whichever node runs the pod`, m.pointer, {
      help: 'use a named volume (a claim), or a ConfigMap for configuration files',
    });
    const name = pod.add(`host:${path}`, `host-${i + 1}`, (n) => ({ name: n, hostPath: { path, ...(create ? { type: 'DirectoryOrCreate' } : {}) } }));
    const propagation = m.bind?.propagation !== undefined ? PROPAGATION[m.bind.propagation] : undefined;
    return { name, mountPath: m.target, ...ro, ...(propagation !== undefined ? { mountPropagation: propagation } : {}) };
  }
  return undefined;
}

/** `size=64m` of a tmpfs option string, in bytes. */
function tmpfsSize(options: string | undefined): number | undefined {
  const m = /(?:^|,)size=(\d+)([kmg]?)(?:,|$)/i.exec(options ?? '');
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

function mounts(ctx: KubeContext, s: Service, pod: PodVolumes): VolumeMount[] {
  const out: VolumeMount[] = [];
  s.volumes.forEach((m, i) => {
    const vm = mountOf(ctx, s, m, i, pod);
    if (vm) out.push(vm);
  });
  s.tmpfs.forEach((t, i) => {
    const size = tmpfsSize(t.options);
    const name = pod.add(`tmpfs-entry:${t.target}`, `tmpfs-${s.volumes.length + i + 1}`, (n) => ({ name: n, emptyDir: { medium: 'Memory', ...(size !== undefined ? { sizeLimit: memoryQuantity(size) } : {}) } }));
    out.push({ name, mountPath: t.target });
  });
  if (s.shmSizeBytes !== undefined) {
    const size = memoryQuantity(s.shmSizeBytes);
    const name = pod.add('shm', 'dshm', (n) => ({ name: n, emptyDir: { medium: 'Memory', sizeLimit: size } }));
    out.push({ name, mountPath: '/dev/shm' });
  }
  for (const g of s.configs) {
    const c = ctx.project.configs.get(g.source);
    if (!c) continue;
    const cm = ctx.configMapName(c);
    const mode = g.mode ?? 0o444;
    const items = [{ key: c.key, path: c.key }];
    // A config whose content came from variables is a private Secret of the same name (private-secrets.ts).
    const name = ctx.privateConfigs.has(c.key)
      ? pod.add(`config-secret:${cm}:${mode}`, `config-${c.key}`, (n) => ({ name: n, secret: { secretName: cm, items, defaultMode: mode } }))
      : pod.add(`config:${cm}:${mode}`, `config-${c.key}`, (n) => ({ name: n, configMap: { name: cm, items, defaultMode: mode } }));
    out.push({ name, mountPath: g.target, subPath: c.key, readOnly: true });
  }
  for (const g of s.secrets) {
    const sec = ctx.project.secrets.get(g.source);
    if (!sec) continue;
    const secretName = ctx.secretName(sec);
    const mode = g.mode ?? 0o444;
    const name = pod.add(`secret:${secretName}:${mode}`, `secret-${sec.key}`, (n) => ({ name: n, secret: { secretName, items: [{ key: sec.key, path: sec.key }], defaultMode: mode } }));
    out.push({ name, mountPath: g.target, subPath: sec.key, readOnly: true });
    for (const id of ['uid', 'gid'] as const) {
      if (g[id] === undefined) continue;
      ctx.report(kubeCodes.valueDropped, `\`${id}\` of secret \`${g.source}\` in service \`${s.name}\` is dropped: a Secret volume has no per-file owner`, pointerJoin(g.pointer, id), {
        help: 'set the pod\'s securityContext.fsGroup on the cluster, or make the file readable with `mode`',
      });
    }
  }
  s.devices.forEach((d, i) => {
    const at = pointerJoin(pointerJoin(s.pointer, 'devices'), i);
    if (!d.source.startsWith('/')) {
      ctx.report(kubeCodes.valueDropped, `device \`${d.source}\` of service \`${s.name}\` is dropped: a CDI device is requested through a device plugin's resource on a cluster`, at, { help: 'request the resource (e.g. `nvidia.com/gpu: 1`) in the cluster\'s manifests' });
      return;
    }
    ctx.report(kubeCodes.hostPath, `device \`${d.source}\` of service \`${s.name}\` becomes a hostPath volume of type CharDevice: the device must exist on the node, and a cluster lets only privileged containers use it`, at, {
      help: 'on a cluster, expose the device through a device plugin',
    });
    const path = d.source;
    const name = pod.add(`device:${path}`, `device-${i + 1}`, (n) => ({ name: n, hostPath: { path, type: 'CharDevice' } }));
    out.push({ name, mountPath: d.target ?? d.source });
  });
  return out;
}

/** The image, and how a node gets it. */
export function imageOf(sp: ServicePlan): { image: string; imagePullPolicy: string } {
  const img = sp.image;
  const policy = img.kind === 'pull' ? (img.policy === 'always' ? 'Always' : img.policy === 'never' ? 'Never' : 'IfNotPresent') : 'IfNotPresent';
  return { image: img.ref, imagePullPolicy: policy };
}

/** A word for `sh -c`: single-quoted, so the shell reads it as written. */
const shellWord = (w: string): string => `'${w.replaceAll("'", `'\\''`)}'`;

/**
 * `post_start` or `pre_stop` -> the exec handler of `lifecycle.postStart` / `preStop`. An exec handler has only a
 * command: a hook's literal environment is passed through `env`, several hooks run one after the other through
 * `sh -c` (stopping at the first failure); a hook with its own user, privileges, working directory or a private
 * environment value cannot be written there and is left out (C753).
 */
function hookHandler(ctx: KubeContext, s: Service, key: 'post_start' | 'pre_stop', hooks: readonly LifecycleHook[]): { exec: { command: string[] } } | undefined {
  const commands: string[][] = [];
  for (const h of hooks) {
    const env = [...h.environment].filter(([k]) => isLiteral(h.environmentSources.get(k)));
    const lost = [h.user !== undefined && 'user', h.privileged === true && 'privileged', h.workingDir !== undefined && 'working_dir', env.length < h.environment.size && 'an environment value not written in the compose file'].filter((x): x is string => x !== false);
    if (lost.length > 0) {
      ctx.report(kubeCodes.valueDropped, `a \`${key}\` hook of service \`${s.name}\` is left out: a Kubernetes lifecycle handler runs only a command, without ${lost.join(', ')}`, h.pointer, {
        help: 'run the step from the container\'s entrypoint, or drop the setting from the hook',
      });
      continue;
    }
    commands.push([...(env.length > 0 ? ['env', ...env.map(([k, v]) => `${k}=${v}`)] : []), ...h.command]);
  }
  if (commands.length === 0) return undefined;
  const command = commands.length === 1 ? commands[0]! : ['/bin/sh', '-c', commands.map((c) => c.map(shellWord).join(' ')).join(' && ')];
  return { exec: { command: command.map(literalArg) } };
}

/**
 * The container of a service. `init`: it runs as an init container (a one-shot job): no probes and no ports,
 * which Kubernetes does not allow or use there.
 */
export function containerOf(ctx: KubeContext, sp: ServicePlan, pod: PodVolumes, init: boolean): Container {
  const s = sp.service;
  const env = environment(ctx, sp);
  const ports = init ? [] : containerPorts(ctx, s);
  const volumeMounts = mounts(ctx, s, pod);
  const liveness = init ? undefined : probeOf(ctx, s, s.healthcheck, true);
  const readiness = init ? undefined : probeOf(ctx, s, s.healthcheck, false);
  const security = securityContext(ctx, s);
  const res = resources(s);
  const postStart = init ? undefined : hookHandler(ctx, s, 'post_start', s.postStart);
  const preStop = init ? undefined : hookHandler(ctx, s, 'pre_stop', s.preStop);
  return {
    name: serviceDnsName(s.name),
    ...imageOf(sp),
    ...(s.entrypoint !== undefined && s.entrypoint.length > 0 ? { command: s.entrypoint.map(literalArg) } : {}),
    ...(s.command !== undefined && s.command.length > 0 ? { args: s.command.map(literalArg) } : {}),
    ...(s.workingDir !== undefined ? { workingDir: s.workingDir } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(ports.length > 0 ? { ports } : {}),
    ...(res ? { resources: res } : {}),
    ...(volumeMounts.length > 0 ? { volumeMounts } : {}),
    ...(liveness ? { livenessProbe: liveness } : {}),
    ...(readiness ? { readinessProbe: readiness } : {}),
    ...(postStart || preStop ? { lifecycle: { ...(postStart ? { postStart } : {}), ...(preStop ? { preStop } : {}) } } : {}),
    ...(security ? { securityContext: security } : {}),
    ...(s.tty === true ? { tty: true } : {}),
    ...(s.stdinOpen === true ? { stdin: true } : {}),
  };
}
