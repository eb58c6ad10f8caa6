// Stage 9, plan: ComposeProject x DependencyGraph x PlanOptions -> Plan (units, start order, unit edges).
// The only bridge from compose to systemd. Reports C703, C714, C715 here and the codes of the unit builders
// (and passes on those of src/podman/run-args.ts).
import type { DependencyGraph } from '../graph/dependency-graph.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ComposeProject } from '../model/types.js';
import type { Pointer } from '../source/origins.js';
import { execWords } from '../systemd/escape.js';
import type { UnitFile } from '../systemd/unit-file.js';
import { checkUnitName } from '../systemd/unit-name.js';
import { planCodes } from './codes.js';
import { containerRun } from './container-run.js';
import { secretNeeds, secretUnitFile } from './secret-units.js';
import { imagePlan } from './image-units.js';
import { PlanContext } from './plan-context.js';
import type { Plan, PlanOptions, UnitDependency } from './plan.js';
import { podUnitFile } from './pod-unit.js';
import { findPortClashes, hasFixedHostPort } from './port-clashes.js';
import { externalChecks, networkUnits, volumeUnits } from './resource-units.js';
import { serviceRoles, type ServiceRole } from './service-roles.js';
import { serviceUnitFile } from './service-unit.js';
import { targetUnitFile } from './target-unit.js';
import { serviceUnit } from './unit-names.js';

export interface PlanResult {
  /** Absent when an error was reported. */
  readonly plan?: Plan;
  readonly diagnostics: Diagnostic[];
}

const NAME = /^[A-Za-z0-9._-]+$/;

export function planProject(project: ComposeProject, graph: DependencyGraph, options: PlanOptions): PlanResult {
  const ctx = new PlanContext(project, options);
  if (!checkPodmanPath(ctx) || !checkNames(ctx)) return { diagnostics: ctx.diagnostics };

  const roles = serviceRoles(ctx, graph);
  const active = graph.services.map((n) => roles.get(n)).filter((r): r is ServiceRole => r !== undefined);
  const services = active.map((r) => r.service);
  const inPod = options.pod && active.length > 0;

  // Images and run flags first: they say which networks, volumes and secrets are used.
  const planned = active.flatMap((role) => {
    const image = imagePlan(ctx, role.service);
    if (!image) return [];
    return [{ role, image, run: containerRun(ctx, role, roles, { image: image.image, pod: inPod }) }];
  });
  const usedNetworks = uniq(planned.flatMap((p) => p.run.requires.networks)).sort();
  const usedVolumes = new Set(planned.flatMap((p) => p.run.requires.volumes));
  const netUnits = networkUnits(ctx, new Set(usedNetworks));
  const volUnits = volumeUnits(ctx, usedVolumes);
  const netUnitOf = new Map(netUnits.map((u) => [u.key, u.unit.name]));
  const volUnitOf = new Map(volUnits.map((u) => [u.key, u.unit.name]));
  const secretFiles = uniq(planned.flatMap((p) => p.run.requires.secrets.map((r) => r.key)))
    .sort()
    .flatMap((key) => {
      const secret = project.secrets.get(key);
      const file = secret ? secretUnitFile(ctx, secret) : undefined;
      return file ? [file] : [];
    });

  const units: UnitFile[] = [...netUnits.map((u) => u.unit), ...volUnits.map((u) => u.unit), ...secretFiles];
  const requires = new Map<string, string[]>();
  const kindRank = new Map<string, number>();
  for (const u of units) kindRank.set(u.name, 0);

  let pod: string | undefined;
  if (inPod) {
    const needs = usedNetworks.flatMap((k) => (netUnitOf.has(k) ? [netUnitOf.get(k)!] : []));
    const podFile = podUnitFile(ctx, {
      services,
      networks: usedNetworks,
      needs,
      externalChecks: externalChecks(ctx, usedNetworks, []),
      hasJob: active.some((r) => r.job),
      members: planned.flatMap((x) => x.role.instances),
      replicas: new Map(active.map((r) => [r.service.name, r.replicas])),
    });
    pod = podFile.name;
    units.push(podFile);
    requires.set(pod, needs);
    kindRank.set(pod, 2);
  } else {
    warnHostPorts(ctx, active);
  }

  const wants: string[] = [];
  const order = new Map(graph.startOrder.map((n, i) => [n, i]));
  for (const { role, image, run } of planned) {
    const s = role.service;
    units.push(image.unit);
    kindRank.set(image.unit.name, 1);
    const nets = pod !== undefined ? [] : run.requires.networks;
    const vols = run.requires.volumes;
    const secrets = secretNeeds(ctx, run.requires.secrets);
    const needUnits = [
      ...nets.flatMap((k) => (netUnitOf.has(k) ? [netUnitOf.get(k)!] : [])),
      ...vols.flatMap((k) => (volUnitOf.has(k) ? [volUnitOf.get(k)!] : [])),
      ...secrets.units,
      image.unit.name,
    ];
    const before = [...externalChecks(ctx, nets, vols), ...secrets.checks, ...run.before];
    units.push(serviceUnitFile(ctx, role, roles, graph, { units: needUnits, ...(pod !== undefined ? { pod } : {}) }, { ...run, before }));
    const deps = [...needUnits, ...(pod !== undefined ? [pod] : [])];
    for (const e of graph.edges) if (e.from === s.name) deps.push(...(roles.get(e.to)?.instances ?? []));
    for (const inst of role.instances) {
      requires.set(inst, uniq(deps));
      kindRank.set(inst, 10 + (order.get(s.name) ?? 0));
      wants.push(inst);
    }
  }
  const unitOrder = startOrderOf(requires, kindRank);
  const wanted = new Set(wants);
  const target = targetUnitFile(
    ctx,
    unitOrder.filter((u) => wanted.has(u)),
  );
  units.push(target);

  checkUnitNames(ctx, units);
  if (hasErrors(ctx.diagnostics)) return { diagnostics: ctx.diagnostics };

  const startOrder = [...unitOrder, target.name];
  const dependencies: UnitDependency[] = [...requires.entries()]
    .map(([unit, req]) => ({ unit, requires: [...req].sort() }))
    .sort((a, b) => compare(a.unit, b.unit));
  return {
    plan: {
      project: project.name,
      target: target.name,
      units: [...units].sort((a, b) => compare(a.name, b.name)),
      startOrder,
      dependencies,
    },
    diagnostics: ctx.diagnostics,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** The podman binary is written as the program of many command lines: it must be one systemd can run. */
function checkPodmanPath(ctx: PlanContext): boolean {
  const p = ctx.options.podman;
  const words = execWords([p]);
  const problem = !p.startsWith('/') ? 'it is not an absolute path' : !words.ok ? words.reason : undefined;
  if (problem === undefined) return true;
  ctx.report(planCodes.invalidPodmanPath, `the podman path \`${p}\` cannot be used in a unit: ${problem}`, undefined, { help: 'pass the absolute path of the podman binary, e.g. /usr/bin/podman' });
  return false;
}

/** Names become parts of unit names; compose's schema keeps them to `[A-Za-z0-9._-]`, a library caller may not. */
function checkNames(ctx: PlanContext): boolean {
  const p = ctx.project;
  let ok = true;
  const check = (name: string, what: string, pointer: Pointer | undefined) => {
    if (NAME.test(name)) return;
    ok = false;
    ctx.report(planCodes.unitNameProblem, `the ${what} \`${name}\` cannot be part of a unit name (allowed: letters, digits, \`.\`, \`_\`, \`-\`)`, pointer, { atKey: true });
  };
  check(p.name, 'project name', undefined);
  for (const s of p.services.values()) check(s.name, 'service name', s.pointer);
  for (const n of p.networks.values()) if (!n.external) check(n.key, 'network key', n.pointer);
  for (const v of p.volumes.values()) if (!v.external) check(v.key, 'volume key', v.pointer);
  for (const x of p.secrets.values()) if (x.source.kind !== 'external') check(x.key, 'secret key', x.pointer);
  return ok;
}

/** Every generated name must be a valid unit name, and two things must never get the same unit. */
function checkUnitNames(ctx: PlanContext, units: readonly UnitFile[]): void {
  const seen = new Set<string>();
  for (const u of units) {
    const check = checkUnitName(u.name);
    if (!check.ok) ctx.report(planCodes.unitNameProblem, `cannot name a unit \`${u.name}\`: ${check.reason}`, undefined, { help: 'shorten the project, service, network or volume name' });
    if (seen.has(u.name)) {
      ctx.report(planCodes.unitNameProblem, `two units would be named \`${u.name}\``, ownerPointer(ctx.project, u.name), {
        atKey: true,
        note: `a service \`X-image\`, \`X-build\`, \`net-X\`, \`vol-X\` or \`pod\` clashes with the units compose2systemd writes for images, networks, volumes and the pod`,
        help: 'rename the service',
      });
    }
    seen.add(u.name);
  }
}

/** The service whose unit has this name (the clash is reported there). */
function ownerPointer(project: ComposeProject, unit: string): Pointer | undefined {
  for (const s of project.services.values()) {
    if (unit === serviceUnit(project.name, s.name, false) || unit === serviceUnit(project.name, s.name, true)) return s.pointer;
  }
  return undefined;
}

/** Outside a pod, two services (or replicas) binding one host port fail only at start: warn now. */
function warnHostPorts(ctx: PlanContext, roles: readonly ServiceRole[]): void {
  const all = roles.flatMap((r) => r.service.ports.map((port) => ({ service: r.service.name, port })));
  for (const c of findPortClashes(all)) {
    ctx.report(planCodes.hostPortReused, `\`${c.second.service}\` and \`${c.first.service}\` both publish host port ${c.hostPort}/${c.protocol}; the second to start will fail`, c.second.port.pointer, {
      related: [{ pointer: c.first.port.pointer, message: `${c.first.service} publishes it here` }],
    });
  }
  for (const r of roles) {
    if (r.replicas <= 1) continue;
    for (const p of r.service.ports.filter(hasFixedHostPort)) {
      ctx.report(planCodes.hostPortReused, `\`${r.service.name}\` runs ${r.replicas} containers, but only one can publish host port ${p.published}`, p.pointer, {
        help: 'publish a host port range (`8000-8003:80`) or let podman choose (`"80"`)',
      });
    }
  }
}

/**
 * Dependencies first. Among units that are ready at the same time: resources (networks, volumes) first,
 * then images, the pod, and services in the graph's start order; ties by name. Kahn's algorithm.
 */
function startOrderOf(requires: ReadonlyMap<string, readonly string[]>, rank: ReadonlyMap<string, number>): string[] {
  const nodes = [...rank.keys()];
  const pending = new Map(nodes.map((n) => [n, new Set((requires.get(n) ?? []).filter((d) => rank.has(d)))]));
  const out: string[] = [];
  const key = (n: string) => rank.get(n) ?? 0;
  while (pending.size > 0) {
    const ready = [...pending.entries()].filter(([, deps]) => deps.size === 0).map(([n]) => n);
    // The graph stage refused cycles; should one slip through, keep going in rank order rather than hang.
    const pick = (ready.length > 0 ? ready : [...pending.keys()]).sort((a, b) => key(a) - key(b) || compare(a, b))[0]!;
    out.push(pick);
    pending.delete(pick);
    for (const deps of pending.values()) deps.delete(pick);
  }
  return out;
}
