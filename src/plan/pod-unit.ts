// Stage 9, plan: --pod mode -> `P-pod.service`, which creates the pod every container joins. It publishes
// all services' ports, joins the project networks and makes every service name resolve to 127.0.0.1.
// Reports C704 (port clash), C705 (extra_hosts entries that disagree), C706 (DNS settings merged).
import type { Service } from '../model/types.js';
import { publishValue } from '../podman/run-args.js';
import { pointerJoin, type Pointer } from '../source/origins.js';
import type { UnitFile } from '../systemd/unit-file.js';
import { planCodes } from './codes.js';
import type { PlanContext } from './plan-context.js';
import { findPortClashes, type PublishedPort } from './port-clashes.js';
import { graceSeconds, STOP_MARGIN_SEC } from './service-unit.js';
import { withSpecifiers, type ArgGroup } from './unit-draft.js';
import { podUnit, targetUnit } from './unit-names.js';

export interface PodInput {
  readonly services: readonly Service[];
  /** Network keys the pod joins (non-external ones are created by network units listed in `needs`). */
  readonly networks: readonly string[];
  /** Units the pod needs first (network units), and ExecStartPre checks of external networks. */
  readonly needs: readonly string[];
  readonly externalChecks: readonly { readonly args: readonly ArgGroup[]; readonly what: string }[];
  /** Some service runs as a one-shot job in the pod (see the exit policy below). */
  readonly hasJob: boolean;
  /** The units of the containers in the pod (template instances one by one). */
  readonly members: readonly string[];
  /** Containers per service. */
  readonly replicas: ReadonlyMap<string, number>;
}

/** Host name -> first address and where it was set; a second, different address is C705. */
function podExtraHosts(ctx: PlanContext, services: readonly Service[]): ArgGroup[] {
  const seen = new Map<string, { ip: string; pointer: Pointer }>();
  const groups: ArgGroup[] = [];
  // Every service name (and container name) resolves to the pod itself: `db:5432` keeps working.
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
    seen.set(name, { ip: '127.0.0.1', pointer: '' });
    groups.push({ args: ['--add-host', `${name}:127.0.0.1`] });
  }
  for (const s of services) {
    s.extraHosts.forEach((h, i) => {
      const pointer = pointerJoin(pointerJoin(s.pointer, 'extra_hosts'), i);
      const prior = seen.get(h.host);
      if (prior === undefined) {
        seen.set(h.host, { ip: h.ip, pointer });
        groups.push({ args: ['--add-host', `${h.host}:${h.ip}`], pointer });
      } else if (prior.ip !== h.ip) {
        const isLocal = prior.pointer === '';
        ctx.report(planCodes.podConflict, `in the pod, \`${h.host}\` already resolves to ${prior.ip}${isLocal ? ' (a service of the project)' : ''}; it cannot also be ${h.ip}`, pointer, {
          ...(isLocal ? {} : { related: [{ pointer: prior.pointer, message: `set to ${prior.ip} here` }] }),
          note: 'the containers of a pod share one /etc/hosts, made from the pod\'s host entries',
          help: 'give the entries the same address, or convert without --pod',
        });
      }
    });
  }
  return groups;
}

/** DNS servers, search domains and options of all services, merged in order: a pod has one resolv.conf. */
function podDns(ctx: PlanContext, services: readonly Service[]): ArgGroup[] {
  const groups: ArgGroup[] = [];
  const kinds = [
    { key: 'dns', flag: '--dns', get: (s: Service) => s.dns },
    { key: 'dns_search', flag: '--dns-search', get: (s: Service) => s.dnsSearch },
    { key: 'dns_opt', flag: '--dns-option', get: (s: Service) => s.dnsOpt },
  ] as const;
  for (const k of kinds) {
    const merged: ArgGroup[] = [];
    const values: string[] = [];
    for (const s of services) {
      k.get(s).forEach((v, i) => {
        if (values.includes(v)) return;
        values.push(v);
        merged.push({ args: [k.flag, v], pointer: pointerJoin(pointerJoin(s.pointer, k.key), i) });
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
    groups.push(...merged);
  }
  return groups;
}

function podPorts(ctx: PlanContext, services: readonly Service[], replicas: ReadonlyMap<string, number>): ArgGroup[] {
  for (const s of services) {
    const n = replicas.get(s.name) ?? 1;
    const first = s.ports[0];
    if (n > 1 && first) {
      ctx.report(planCodes.portClash, `\`${s.name}\` runs ${n} containers in one pod; they share its network, so only one can listen on container port ${first.target}`, first.pointer, {
        help: 'run one replica, or convert without --pod',
      });
    }
  }
  const all: PublishedPort[] = services.flatMap((s) => s.ports.map((port) => ({ service: s.name, port })));
  for (const c of findPortClashes(all)) {
    ctx.report(planCodes.portClash, `\`${c.second.service}\` and \`${c.first.service}\` both publish host port ${c.hostPort}/${c.protocol}; in one pod only one can`, c.second.port.pointer, {
      related: [{ pointer: c.first.port.pointer, message: `${c.first.service} publishes it here` }],
      help: 'publish a different host port, or convert without --pod',
    });
  }
  return all.map((p) => ({ args: ['--publish', publishValue(p.port)], pointer: p.port.pointer }));
}

/**
 * `--network NAME` for each network a service joins. Aliases are not repeated here: inside the pod every
 * alias resolves to 127.0.0.1 (see podExtraHosts), and nothing else joins a project's networks.
 */
function podNetworks(ctx: PlanContext, input: PodInput): ArgGroup[] {
  return input.networks.map((key) => {
    const n = ctx.project.networks.get(key)!;
    return { args: ['--network', n.name], pointer: n.pointer };
  });
}

export function podUnitFile(ctx: PlanContext, input: PodInput): UnitFile {
  const project = ctx.project.name;
  const name = podUnit(project);
  const d = ctx.draft(name, ctx.header('the pod all services run in'));
  d.set('Unit', 'Description', `${project}: pod`);
  d.set('Unit', 'Wants', 'network-online.target');
  d.set('Unit', 'After', 'network-online.target');
  d.set('Unit', 'RequiresMountsFor', '%t/containers');
  d.set('Unit', 'PartOf', targetUnit(project));
  if (input.needs.length > 0) {
    d.set('Unit', 'Requires', input.needs.join(' '));
    d.set('Unit', 'After', input.needs.join(' '));
  }
  if (input.members.length > 0) {
    // The containers are bound to the pod and stop with it; when the pod is restarted (by Restart= too)
    // this brings them back.
    d.set('Unit', 'Wants', input.members.join(' '));
  }
  const grace = Math.max(...input.services.map((s) => graceSeconds(s.stopGracePeriodMs)), graceSeconds(undefined));
  d.set('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  // `podman pod start` returns once the infra container runs; its conmon is the pod's main process.
  d.set('Service', 'Type', 'forking');
  d.set('Service', 'Restart', 'on-failure');
  d.set('Service', 'RestartSec', '1s');
  d.set('Service', 'TimeoutStopSec', `${grace + STOP_MARGIN_SEC}s`);
  d.set('Service', 'PIDFile', '%t/%n.pid');
  d.exec('ExecStartPre', [{ args: ['/bin/rm', '-f', withSpecifiers('%t/%n.pid'), withSpecifiers('%t/%n.pod-id')] }], 'pid file removal');
  for (const c of input.externalChecks) d.exec('ExecStartPre', c.args, c.what);
  if (input.hasJob) {
    d.note(
      'Service',
      '--exit-policy=continue: a one-shot job may run alone in the pod; with "stop" its exit would stop the pod and every unit bound to it.',
    );
  }
  const create: ArgGroup[] = [
    { args: [ctx.podman, 'pod', 'create'] },
    { args: ['--infra-conmon-pidfile', withSpecifiers('%t/%n.pid')] },
    { args: ['--pod-id-file', withSpecifiers('%t/%n.pod-id')] },
    { args: [`--exit-policy=${input.hasJob ? 'continue' : 'stop'}`] },
    { args: ['--replace'] },
    { args: ['--name', project] },
    { args: ['--label', `com.docker.compose.project=${project}`] },
    ...podNetworks(ctx, input),
    ...podPorts(ctx, input.services, input.replicas),
    ...podExtraHosts(ctx, input.services),
    ...podDns(ctx, input.services),
  ];
  d.exec('ExecStartPre', create, 'pod create command');
  d.exec('ExecStart', [{ args: [ctx.podman, 'pod', 'start', '--pod-id-file', withSpecifiers('%t/%n.pod-id')] }], 'pod start command');
  d.exec('ExecStop', [{ args: [ctx.podman, 'pod', 'stop', '--ignore', '-t', String(grace), '--pod-id-file', withSpecifiers('%t/%n.pod-id')] }], 'pod stop command');
  d.exec('ExecStopPost', [{ args: [ctx.podman, 'pod', 'rm', '--ignore', '-f', '--pod-id-file', withSpecifiers('%t/%n.pod-id')] }], 'pod remove command');
  return d.build();
}
