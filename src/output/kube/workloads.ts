// Stage 10, output `kube`: each service that is not a one-shot job -> a Deployment whose pod runs its container,
// after init containers for what it waits on: a `service_completed_successfully` job runs as an init container
// (the job's own container), a `service_healthy` dependency gets one that waits until the dependency's Service
// answers. Reports C751 (every depends_on edge), C753, C756 (replicas under podman), C761 (restart policy).
import type { Edge } from '../../graph/dependency-graph.js';
import type { ServicePlan } from '../../plan/plan.js';
import { healthWait } from '../../plan/health-wait.js';
import { pointerJoin } from '../../source/origins.js';
import { kubeCodes } from './codes.js';
import { containerOf, literalArg, servicePorts } from './container-spec.js';
import { PodVolumes, type KubeContext } from './kube-context.js';
import type { Container, Deployment, PodSpec } from './kube-objects.js';
import { DNS_LABEL, isValidLabel, serviceDnsName } from './kube-names.js';

/**
 * `sh -c SCRIPT HOST PORT DEADLINE`: wait until HOST:PORT accepts a connection (`nc -z` where nc has it, else a
 * connect that runs `true`, which busybox's plain nc takes after the address), or with no PORT until HOST
 * resolves (a headless Service lists only ready pods), for at most DEADLINE seconds.
 */
export const WAIT_SCRIPT =
  'end=$(( $(date +%s) + $2 )); ' +
  'until if [ -n "$1" ]; then nc -z -w 2 "$0" "$1" </dev/null >/dev/null 2>&1 || nc -w 2 "$0" "$1" -e true </dev/null >/dev/null 2>&1; ' +
  'else nslookup "$0" >/dev/null 2>&1; fi; do ' +
  'if [ "$(date +%s)" -ge "$end" ]; then echo "$0:$1 did not answer within $2 s" >&2; exit 1; fi; ' +
  'sleep 1; ' +
  'done';

const CONDITION_TEXT = { service_started: 'started', service_healthy: 'healthy', service_completed_successfully: 'completed successfully' } as const;

/** The init containers of a pod, in the order its services' dependencies need them, each once. */
function initContainers(ctx: KubeContext, sp: ServicePlan, pod: PodVolumes, seen: Set<string>, report: boolean): Container[] {
  const out: Container[] = [];
  for (const e of sp.dependsOn) {
    const dep = ctx.plan.services.find((x) => x.service.name === e.to);
    if (report) reportEdge(ctx, sp, e, dep);
    if (!dep) continue;
    if (e.condition === 'service_completed_successfully') {
      if (seen.has(`job:${e.to}`)) continue;
      seen.add(`job:${e.to}`);
      // The job's own waits come first, then the job itself.
      out.push(...initContainers(ctx, dep, pod, seen, false));
      out.push(containerOf(ctx, dep, pod, true));
    } else if (e.condition === 'service_healthy') {
      const wait = waitContainer(ctx, dep);
      if (!wait || seen.has(wait.name)) continue;
      seen.add(wait.name);
      out.push(wait);
    }
  }
  return out;
}

function waitContainer(ctx: KubeContext, dep: ServicePlan): Container | undefined {
  const port = servicePorts(dep.service).find((p) => p.protocol === 'TCP');
  if (!dep.service.healthcheck) return undefined;
  const host = serviceDnsName(dep.service.name);
  const deadline = healthWait(dep.service.healthcheck).deadlineSec;
  return {
    name: `wait-for-${host}`.slice(0, 63).replace(/-+$/, ''),
    image: ctx.waitImage,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', literalArg(WAIT_SCRIPT)],
    args: [host, port ? String(port.port) : '', String(deadline)],
  };
}

function reportEdge(ctx: KubeContext, sp: ServicePlan, e: Edge, dep: ServicePlan | undefined): void {
  const from = sp.service.name;
  const head = `\`${from}\` depends on \`${e.to}\` (${CONDITION_TEXT[e.condition]}), which Kubernetes does not order`;
  let what: string;
  if (!dep) what = `\`${e.to}\` has no image and no objects`;
  else if (e.condition === 'service_completed_successfully') what = `\`${e.to}\` runs as an init container of \`${from}\`'s pod, before its containers start (each time the pod starts)`;
  else if (e.condition === 'service_healthy') {
    const port = servicePorts(dep.service).find((p) => p.protocol === 'TCP');
    const host = serviceDnsName(e.to);
    const until = port ? `\`${host}:${port.port}\` accepts connections` : `\`${host}\` resolves (its headless Service lists only ready pods)`;
    what = `an init container \`wait-for-${host}\` holds \`${from}\` back until ${until}; podman kube play itself starts \`${from}\` only once \`${e.to}\` is healthy`;
  } else what = `on a cluster the pods start in any order; podman kube play starts \`${e.to}\`'s pod first`;
  ctx.report(kubeCodes.dependsOn, `${head}: ${what}`, e.pointer, { atKey: true });
}

function podSpec(ctx: KubeContext, sp: ServicePlan, pod: PodVolumes, init: readonly Container[], container: Container): PodSpec {
  const s = sp.service;
  const at = (k: string) => pointerJoin(s.pointer, k);
  const spec: { -readonly [K in keyof PodSpec]: PodSpec[K] } = { containers: [container] };
  if (s.hostname !== undefined) {
    if (DNS_LABEL.test(s.hostname)) spec.hostname = s.hostname;
    else ctx.report(kubeCodes.valueDropped, `hostname \`${s.hostname}\` of service \`${s.name}\` is dropped: a pod's hostname is a DNS label (lower case letters, digits, \`-\`)`, at('hostname'));
  }
  if (s.networkMode === 'host') spec.hostNetwork = true;
  else if (s.networkMode !== undefined) {
    ctx.report(kubeCodes.valueDropped, `network_mode \`${s.networkMode}\` of service \`${s.name}\` is dropped: a pod has its own network namespace (only \`host\` has a pod field)`, at('network_mode'));
  }
  if (s.systemd !== undefined) {
    ctx.report(kubeCodes.valueDropped, `x-systemd of service \`${s.name}\` is dropped: the Kubernetes YAML has no unit per service (it applies to --format units and quadlet)`, s.systemd.pointer);
  }
  for (const [key, field] of [['pid', 'hostPID'], ['ipc', 'hostIPC']] as const) {
    const v = s[key];
    if (v === 'host') spec[field] = true;
    else if (v !== undefined) ctx.report(kubeCodes.valueDropped, `${key} \`${v}\` of service \`${s.name}\` is dropped: only \`host\` has a pod field`, at(key));
  }
  if (s.platform !== undefined) {
    const [os, arch] = s.platform.split('/');
    spec.nodeSelector = { ...(os ? { 'kubernetes.io/os': os } : {}), ...(arch ? { 'kubernetes.io/arch': arch } : {}) };
  }
  if (s.runtime !== undefined) spec.runtimeClassName = s.runtime;
  spec.terminationGracePeriodSeconds = sp.stopGraceSec;
  const groups: number[] = [];
  s.groupAdd.forEach((g, i) => {
    if (/^\d+$/.test(g)) groups.push(Number(g));
    else ctx.report(kubeCodes.valueDropped, `group \`${g}\` of service \`${s.name}\` is dropped: Kubernetes takes numeric group ids only`, pointerJoin(at('group_add'), i));
  });
  const sysctls = [...s.sysctls].map(([name, value]) => ({ name, value }));
  if (groups.length > 0 || sysctls.length > 0) spec.securityContext = { ...(groups.length > 0 ? { supplementalGroups: groups } : {}), ...(sysctls.length > 0 ? { sysctls } : {}) };
  if (s.dns.length > 0 || s.dnsSearch.length > 0 || s.dnsOpt.length > 0) {
    spec.dnsConfig = {
      ...(s.dns.length > 0 ? { nameservers: [...s.dns] } : {}),
      ...(s.dnsSearch.length > 0 ? { searches: [...s.dnsSearch] } : {}),
      ...(s.dnsOpt.length > 0 ? { options: s.dnsOpt.map((o) => { const [name, value] = o.split(':', 2) as [string, string | undefined]; return value === undefined ? { name } : { name, value }; }) } : {}),
    };
  }
  const aliases: { ip: string; hostnames: string[] }[] = [];
  s.extraHosts.forEach((h, i) => {
    if (h.ip === 'host-gateway') {
      ctx.report(kubeCodes.valueDropped, `\`${h.host}:host-gateway\` in extra_hosts of service \`${s.name}\` is dropped: a pod has no name for the node it runs on`, pointerJoin(at('extra_hosts'), i), {
        help: 'podman names the host `host.containers.internal` by itself; on a cluster reach the service through its address or a Service',
      });
      return;
    }
    const group = aliases.find((a) => a.ip === h.ip);
    if (group) group.hostnames.push(h.host);
    else aliases.push({ ip: h.ip, hostnames: [h.host] });
  });
  if (aliases.length > 0) spec.hostAliases = aliases;
  if (init.length > 0) spec.initContainers = init;
  const volumes = pod.list();
  if (volumes.length > 0) spec.volumes = volumes;
  return spec;
}

/** Compose labels as pod labels, and those that are no valid Kubernetes label as annotations (C753). */
function splitLabels(ctx: KubeContext, s: ServicePlan['service']): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const [k, v] of s.labels) {
    if (isValidLabel(k, v)) labels[k] = v;
    else {
      annotations[k] = v;
      ctx.report(kubeCodes.valueDropped, `label \`${k}\` of service \`${s.name}\` is not a valid Kubernetes label, so it becomes an annotation of the pod`, pointerJoin(pointerJoin(s.pointer, 'labels'), k), {
        atKey: true,
        help: 'label values are up to 63 letters, digits, `-`, `_` and `.`',
      });
    }
  }
  for (const [k, v] of s.annotations) annotations[k] = v;
  return { labels, annotations };
}

/**
 * podman kube play reads a container's seccomp profile from this pod annotation, not from seccompProfile; a
 * cluster reads the field and requires the two to agree. The annotation is made from the field, so they do.
 */
function seccompAnnotations(containers: readonly Container[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of containers) {
    const p = c.securityContext?.seccompProfile;
    if (p?.type === 'Unconfined') out[`container.seccomp.security.alpha.kubernetes.io/${c.name}`] = 'unconfined';
    else if (p?.type === 'Localhost') out[`container.seccomp.security.alpha.kubernetes.io/${c.name}`] = `localhost/${p.localhostProfile}`;
  }
  return out;
}

/** Annotations podman kube play reads from the Deployment (a cluster ignores them). */
function podmanAnnotations(ctx: KubeContext, sp: ServicePlan): Record<string, string> {
  const s = sp.service;
  const out: Record<string, string> = {};
  const name = serviceDnsName(s.name);
  // READY once healthy: podman kube play waits for it before it starts the next pod (the services waiting on it).
  if (sp.role.healthGated && ctx.supports('run-sdnotify-healthy')) out[`io.containers.sdnotify/${name}`] = 'healthy';
  if (s.init === true) out[`io.podman.annotations.init/${name}`] = 'true';
  if (s.ulimits.size > 0) out['io.podman.annotations.ulimit'] = [...s.ulimits].map(([k, u]) => `${k}=${u.soft}:${u.hard}`).join(',');
  return out;
}

export function deploymentOf(ctx: KubeContext, sp: ServicePlan): Deployment {
  const s = sp.service;
  const pod = new PodVolumes();
  const container = containerOf(ctx, sp, pod, false);
  const init = initContainers(ctx, sp, pod, new Set(), true);
  const replicas = sp.role.replicas;
  if (replicas > 1) {
    ctx.report(kubeCodes.replicasOnPodman, `service \`${s.name}\` has ${replicas} replicas: the Deployment keeps the count for a cluster, but podman kube play runs one pod of it`, pointerJoin(s.pointer, s.scale !== undefined ? 'scale' : 'deploy'), {
      atKey: true,
      help: 'convert with --format quadlet or units to run every replica on this host',
    });
  }
  const r = sp.restart;
  if (r.pointer !== undefined && (r.policy === 'no' || r.policy === 'on-failure')) {
    ctx.report(kubeCodes.restartAlways, `restart policy \`${r.policy}\` of service \`${s.name}\` becomes Always: a Deployment restarts its pods whenever they stop`, r.pointer, {
      help: 'a service that should run once belongs in a one-shot job: let the services that need it wait for it with `condition: service_completed_successfully`',
    });
  }
  const selector = ctx.selector(s.name);
  const split = splitLabels(ctx, s);
  const labels = split.labels;
  const annotations = { ...split.annotations, ...seccompAnnotations([...init, container]) };
  const deployLabels: Record<string, string> = {};
  for (const [k, v] of s.deploy?.labels ?? []) if (isValidLabel(k, v)) deployLabels[k] = v;
  const dns = serviceDnsName(s.name);
  const templateLabels = {
    ...labels,
    ...ctx.commonLabels(dns),
    'com.docker.compose.project': ctx.project.name,
    ...(isValidLabel('com.docker.compose.service', s.name) ? { 'com.docker.compose.service': s.name } : {}),
  };
  const spec = podSpec(ctx, sp, pod, init, container);
  const podman = podmanAnnotations(ctx, sp);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: ctx.deploymentName(s.name),
      labels: { ...deployLabels, ...ctx.commonLabels(dns) },
      ...(Object.keys(podman).length > 0 ? { annotations: podman } : {}),
    },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      // A ReadWriteOnce claim cannot be mounted by the old and the new pod at once during a rolling update.
      ...(pod.claims() ? { strategy: { type: 'Recreate' as const } } : {}),
      template: { metadata: { labels: templateLabels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) }, spec },
    },
  };
}
