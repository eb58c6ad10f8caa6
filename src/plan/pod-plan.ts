// Stage 9, plan: --pod -> what the one pod of the project carries for all its containers: the networks it
// joins, every published port, host entries (every service name resolves to the pod itself) and one DNS
// configuration. Reports C704 (port clash), C705 (extra_hosts entries that disagree), C706 (DNS settings merged).
import { passesExtraHost } from '../model/host-gateway.js';
import type { Network, Service } from '../model/types.js';
import { parsePodmanVersion } from '../podman/version.js';
import { pointerJoin, type Pointer } from '../source/origins.js';
import { planCodes } from './codes.js';
import type { PlanContext } from './plan-context.js';
import type { PodPlan, PodValue, ServicePlan } from './plan.js';
import { findPortClashes, type PublishedPort } from './port-clashes.js';
import { DEFAULT_GRACE_SEC } from './stop-grace.js';

export function podPlan(ctx: PlanContext, services: readonly ServicePlan[], networks: readonly Network[]): PodPlan {
  const members = services.map((sp) => sp.service);
  return {
    name: ctx.project.name,
    networks: networks.map((n) => n.key),
    ports: podPorts(ctx, services),
    hosts: podHosts(ctx, members),
    ...podDns(ctx, members),
    hasJob: services.some((sp) => sp.role.job),
    stopGraceSec: Math.max(...services.map((sp) => sp.stopGraceSec), DEFAULT_GRACE_SEC),
  };
}

/** Host name -> first address and where it was set; a second, different address is C705. */
function podHosts(ctx: PlanContext, services: readonly Service[]): PodValue[] {
  const version = parsePodmanVersion(ctx.options.podmanVersion)!;
  const seen = new Map<string, { ip: string; pointer?: Pointer }>();
  const out: PodValue[] = [];
  // Every service name (and container name, alias) resolves to the pod itself: `db:5432` keeps working.
  const local = new Set<string>();
  for (const s of services) {
    local.add(s.name);
    if (s.containerName !== undefined) local.add(s.containerName);
    for (const n of s.networks) for (const a of n.aliases) local.add(a);
    for (const l of s.links) {
      const alias = l.split(':')[1];
      if (alias !== undefined && alias !== '') local.add(alias);
    }
  }
  for (const name of [...local].sort()) {
    seen.set(name, { ip: '127.0.0.1' });
    out.push({ value: `${name}:127.0.0.1` });
  }
  for (const s of services) {
    s.extraHosts.forEach((h, i) => {
      // A host-gateway entry podman cannot take is left out (check-support.ts says so, C558).
      if (!passesExtraHost(h, version)) return;
      const pointer = pointerJoin(pointerJoin(s.pointer, 'extra_hosts'), i);
      const prior = seen.get(h.host);
      if (prior === undefined) {
        seen.set(h.host, { ip: h.ip, pointer });
        out.push({ value: `${h.host}:${h.ip}`, pointer });
      } else if (prior.ip !== h.ip) {
        const isLocal = prior.pointer === undefined;
        ctx.report(planCodes.podConflict, `in the pod, \`${h.host}\` already resolves to ${prior.ip}${isLocal ? ' (a service of the project)' : ''}; it cannot also be ${h.ip}`, pointer, {
          ...(isLocal || prior.pointer === undefined ? {} : { related: [{ pointer: prior.pointer, message: `set to ${prior.ip} here` }] }),
          note: 'the containers of a pod share one /etc/hosts, made from the pod\'s host entries',
          help: 'give the entries the same address, or convert without --pod',
        });
      }
    });
  }
  return out;
}

/** DNS servers, search domains and options of all services, merged in order: a pod has one resolv.conf. */
function podDns(ctx: PlanContext, services: readonly Service[]): Pick<PodPlan, 'dns' | 'dnsSearch' | 'dnsOptions'> {
  const kinds = [
    { key: 'dns', field: 'dns', get: (s: Service) => s.dns },
    { key: 'dns_search', field: 'dnsSearch', get: (s: Service) => s.dnsSearch },
    { key: 'dns_opt', field: 'dnsOptions', get: (s: Service) => s.dnsOpt },
  ] as const;
  const out = { dns: [] as PodValue[], dnsSearch: [] as PodValue[], dnsOptions: [] as PodValue[] };
  for (const k of kinds) {
    const values: string[] = [];
    for (const s of services) {
      k.get(s).forEach((v, i) => {
        if (values.includes(v)) return;
        values.push(v);
        out[k.field].push({ value: v, pointer: pointerJoin(pointerJoin(s.pointer, k.key), i) });
      });
    }
    // Faithful only when every service asked for exactly the merged list; otherwise say who gets more.
    const same = services.every((s) => k.get(s).join('\0') === values.join('\0'));
    if (!same) {
      for (const s of services.filter((x) => k.get(x).length > 0)) {
        ctx.report(planCodes.podAdjusted, `\`${k.key}\` of \`${s.name}\` is set on the pod, so it applies to every service of the project`, pointerJoin(s.pointer, k.key), {
          atKey: true,
          note: 'the containers of a pod share one resolv.conf',
        });
      }
    }
  }
  return out;
}

function podPorts(ctx: PlanContext, services: readonly ServicePlan[]): Service['ports'][number][] {
  for (const sp of services) {
    const n = sp.role.replicas;
    const first = sp.service.ports[0];
    if (n > 1 && first) {
      ctx.report(planCodes.portClash, `\`${sp.service.name}\` runs ${n} containers in one pod; they share its network, so only one can listen on container port ${first.target}`, first.pointer, {
        help: 'run one replica, or convert without --pod',
      });
    }
  }
  const all: PublishedPort[] = services.flatMap((sp) => sp.service.ports.map((port) => ({ service: sp.service.name, port })));
  for (const c of findPortClashes(all)) {
    ctx.report(planCodes.portClash, `\`${c.second.service}\` and \`${c.first.service}\` both publish host port ${c.hostPort}/${c.protocol}; in one pod only one can`, c.second.port.pointer, {
      related: [{ pointer: c.first.port.pointer, message: `${c.first.service} publishes it here` }],
      help: 'publish a different host port, or convert without --pod',
    });
  }
  return all.map((p) => p.port);
}
