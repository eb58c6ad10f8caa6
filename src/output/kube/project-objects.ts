// Stage 10, output `kube`: the objects beside the Deployments: a Service per service (named after the service, so
// its name resolves as under compose) and one per network alias or link alias, a PersistentVolumeClaim
// per named volume, a ConfigMap per config. Secrets are only referenced, never written. Reports C753, C759.
import type { Config, Volume as ComposeVolume } from '../../model/types.js';
import type { ServicePlan } from '../../plan/plan.js';
import { pointerJoin } from '../../source/origins.js';
import { kubeCodes } from './codes.js';
import { servicePorts } from './container-spec.js';
import type { KubeContext } from './kube-context.js';
import type { ConfigMap, PersistentVolumeClaim, Service, ServicePort } from './kube-objects.js';
import { isValidLabel, kubeName, SERVICE_NAME, serviceDnsName } from './kube-names.js';

/** compose has no volume size; a claim must ask for one. Change it in the manifests for a cluster. */
export const CLAIM_SIZE = '1Gi';

/**
 * The Service that names a service's pods. Without ports it is headless (`clusterIP: None`): its name still
 * resolves, to the ready pods, and any port is reached, as under compose, which needs no port declared.
 */
function serviceObject(ctx: KubeContext, name: string, sp: ServicePlan): Service {
  const ports = servicePorts(sp.service);
  const meta = { name, labels: ctx.commonLabels(serviceDnsName(sp.service.name)) };
  if (ports.length === 0) return { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { clusterIP: 'None', selector: ctx.selector(sp.service.name) } };
  const used = new Set<string>();
  const kubePorts: ServicePort[] = ports.map((p) => {
    let portName = p.name ?? `${p.protocol.toLowerCase()}-${p.port}`;
    if (used.has(portName)) portName = `${p.protocol.toLowerCase()}-${p.port}`;
    used.add(portName);
    return { name: portName, port: p.port, targetPort: p.port, protocol: p.protocol, ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}) };
  });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta,
    spec: { selector: ctx.selector(sp.service.name), ports: kubePorts },
  };
}

/** The Service of each service with ports, then one per alias (network aliases, link aliases) that is a valid name. */
export function servicesOf(ctx: KubeContext, workloads: readonly ServicePlan[]): { objects: Service[]; names: { name: string; pointer: string }[] } {
  const objects: Service[] = [];
  const names: { name: string; pointer: string }[] = [];
  const add = (name: string, sp: ServicePlan, pointer: string) => {
    objects.push(serviceObject(ctx, name, sp));
    names.push({ name, pointer });
  };
  for (const sp of workloads) add(serviceDnsName(sp.service.name), sp, sp.service.pointer);
  for (const sp of workloads) {
    const s = sp.service;
    const aliases: { alias: string; pointer: string }[] = [];
    for (const n of s.networks) n.aliases.forEach((a, i) => aliases.push({ alias: a, pointer: pointerJoin(pointerJoin(n.pointer, 'aliases'), i) }));
    // `links: [db:database]` on web names db `database` (for web; a Service names it for every pod).
    for (const other of workloads) {
      other.service.links.forEach((l, i) => {
        const [target, alias] = l.split(':', 2) as [string, string | undefined];
        if (target === s.name && alias !== undefined && alias !== target) aliases.push({ alias, pointer: pointerJoin(pointerJoin(other.service.pointer, 'links'), i) });
      });
    }
    for (const { alias, pointer } of aliases) {
      if (alias === s.name || names.some((n) => n.name === alias)) continue;
      if (!SERVICE_NAME.test(alias)) {
        ctx.report(kubeCodes.valueDropped, `alias \`${alias}\` of service \`${s.name}\` gets no Service: a Service name is lower case letters, digits and \`-\`, starting with a letter`, pointer);
        continue;
      }
      add(alias, sp, pointer);
    }
  }
  return { objects, names };
}

/** podman kube play reads a claim's driver and mount settings from these annotations. */
function podmanVolumeAnnotations(ctx: KubeContext, v: ComposeVolume): Record<string, string> {
  const out: Record<string, string> = {};
  if (v.driver !== undefined) out['volume.podman.io/driver'] = v.driver;
  const names: Readonly<Record<string, string>> = { type: 'volume.podman.io/type', device: 'volume.podman.io/device', o: 'volume.podman.io/mount-options' };
  for (const [k, val] of v.driverOpts) {
    const key = names[k];
    if (key !== undefined) out[key] = val;
    else ctx.report(kubeCodes.valueDropped, `driver option \`${k}\` of volume \`${v.key}\` is dropped: podman kube play reads only \`type\`, \`device\` and \`o\``, pointerJoin(pointerJoin(v.pointer, 'driver_opts'), k), { atKey: true });
  }
  return out;
}

function labelsAndAnnotations(ctx: KubeContext, what: string, labels: ReadonlyMap<string, string>, pointer: string): { labels: Record<string, string>; annotations: Record<string, string> } {
  const l: Record<string, string> = {};
  const a: Record<string, string> = {};
  for (const [k, v] of labels) {
    if (isValidLabel(k, v)) l[k] = v;
    else {
      a[k] = v;
      ctx.report(kubeCodes.valueDropped, `label \`${k}\` of ${what} is not a valid Kubernetes label, so it becomes an annotation`, pointerJoin(pointerJoin(pointer, 'labels'), k), { atKey: true });
    }
  }
  return { labels: l, annotations: a };
}

export function claimOf(ctx: KubeContext, v: ComposeVolume): PersistentVolumeClaim {
  const own = labelsAndAnnotations(ctx, `volume \`${v.key}\``, v.labels, v.pointer);
  const annotations = { ...own.annotations, ...podmanVolumeAnnotations(ctx, v) };
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: ctx.claimName(v),
      // The compose labels let `down --volumes` find the volume podman makes of the claim.
      labels: { ...own.labels, ...ctx.commonLabels(kubeName(v.key)), 'com.docker.compose.project': ctx.project.name, 'com.docker.compose.volume': v.key },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: CLAIM_SIZE } } },
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function configMapOf(ctx: KubeContext, c: Config): ConfigMap | undefined {
  const src = c.source;
  let text: string | undefined;
  let binary: string | undefined;
  if (src.kind === 'content') text = src.content;
  else if (src.kind === 'environment') text = src.value ?? '';
  else if (src.kind === 'file') {
    const bytes = ctx.inputs.configFiles?.get(src.path);
    if (bytes === undefined) {
      ctx.report(kubeCodes.configUnreadable, `config \`${c.key}\` cannot become a ConfigMap: \`${src.path}\` cannot be read`, pointerJoin(c.pointer, 'file'), {
        help: 'a ConfigMap holds the file\'s content, so the file must exist when converting',
      });
      return undefined;
    }
    try {
      text = utf8.decode(bytes);
    } catch {
      binary = Buffer.from(bytes).toString('base64');
    }
  } else return undefined;
  const own = labelsAndAnnotations(ctx, `config \`${c.key}\``, c.labels, c.pointer);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: ctx.configMapName(c),
      labels: { ...own.labels, ...ctx.commonLabels(kubeName(c.key)) },
      ...(Object.keys(own.annotations).length > 0 ? { annotations: own.annotations } : {}),
    },
    ...(text !== undefined ? { data: { [c.key]: text } } : {}),
    ...(binary !== undefined ? { binaryData: { [c.key]: binary } } : {}),
  };
}
