// Stage 9, plan: ComposeProject x DependencyGraph x PlanOptions -> ProjectPlan, what the project needs whatever
// the output: each service's role, image, needs, restart policy and health bound; the resources in use; the pod.
// Reports C703, C714, C715 here, and the codes of service-roles.ts, image-source.ts, pod-plan.ts and
// service-needs.ts (C561).
import type { DependencyGraph } from '../graph/dependency-graph.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { isLiteral, type ComposeProject, type Network, type Secret, type Volume } from '../model/types.js';
import type { Pointer } from '../source/origins.js';
import { NEWEST_DESCRIBED_VERSION, OLDEST_DESCRIBED_VERSION } from '../podman/capabilities.js';
import { compareVersions, parsePodmanVersion } from '../podman/version.js';
import { execWords } from '../systemd/escape.js';
import { planCodes } from './codes.js';
import { healthWait } from './health-wait.js';
import { imageSource } from './image-source.js';
import { PlanContext } from './plan-context.js';
import type { PlanOptions, ProjectPlan, ServicePlan } from './plan.js';
import { podPlan } from './pod-plan.js';
import { findPortClashes, hasFixedHostPort } from './port-clashes.js';
import { restartPolicyOf } from './restart-policy.js';
import { serviceNeeds } from './service-needs.js';
import { serviceRoles, type ServiceRole } from './service-roles.js';
import { graceSeconds } from './stop-grace.js';
import { containerName, dataDir, privateDir } from './unit-names.js';

export interface PlanResult {
  /** Absent when an error was reported. */
  readonly plan?: ProjectPlan;
  readonly diagnostics: Diagnostic[];
}

const NAME = /^[A-Za-z0-9._-]+$/;

export function planProject(project: ComposeProject, graph: DependencyGraph, options: PlanOptions): PlanResult {
  const ctx = new PlanContext(project, options);
  checkPodmanVersion(ctx);
  if (!checkPodmanPath(ctx) || !checkNames(ctx)) return { diagnostics: ctx.diagnostics };

  const roles = serviceRoles(ctx, graph);
  const active = graph.services.map((n) => roles.get(n)).filter((r): r is ServiceRole => r !== undefined);
  const inPod = options.pod && active.length > 0;
  const services: ServicePlan[] = active.flatMap((role) => {
    const s = role.service;
    const image = imageSource(ctx, s);
    if (!image) return [];
    const needs = serviceNeeds(project, s, { inPod, dataDir: dataDir(project.name), privateDir: privateDir(project.name) });
    ctx.diagnostics.push(...needs.diagnostics);
    const restart = restartPolicyOf(s, role.job);
    if (restart.changedForJob) {
      ctx.report(planCodes.jobRestart, `\`${s.name}\` runs once for the services that wait for it to complete, so \`restart: ${restart.policy}\` becomes on-failure`, restart.pointer, {
        note: 'a one-shot job restarts only after a failure; restarting after success would run the job forever',
      });
    }
    return [
      {
        service: s,
        role,
        image,
        containerName: containerName(project.name, s.name, role.template, s.containerName),
        needs: needs.needs,
        privateEnv: [...s.environment].flatMap(([key, value]) => {
          const source = s.environmentSources.get(key);
          return isLiteral(source) ? [] : [{ key, value, source: source! }];
        }),
        dependsOn: graph.dependenciesOf(s.name).filter((e) => roles.has(e.to)),
        restart,
        ...(role.healthGated && s.healthcheck ? { health: healthWait(s.healthcheck) } : {}),
        stopGraceSec: graceSeconds(s.stopGracePeriodMs),
      },
    ];
  });

  const used = <T extends { readonly key: string }>(all: ReadonlyMap<string, T>, keys: (sp: ServicePlan) => readonly string[]): T[] => {
    const wanted = new Set(services.flatMap(keys));
    return [...all.values()].filter((x) => wanted.has(x.key));
  };
  const networks: Network[] = used(project.networks, (sp) => sp.needs.networks);
  const volumes: Volume[] = used(project.volumes, (sp) => sp.needs.volumes);
  const secrets: Secret[] = used(project.secrets, (sp) => sp.needs.secrets);

  const pod = inPod ? podPlan(ctx, services, networks) : undefined;
  if (!inPod) warnHostPorts(ctx, active);
  if (hasErrors(ctx.diagnostics)) return { diagnostics: ctx.diagnostics };
  return { plan: { project, graph, options, services, roles, networks, volumes, secrets, ...(pod ? { pod } : {}) }, diagnostics: ctx.diagnostics };
}

/** The capability table runs from podman 4.0 to 6.0; outside it the output is written as for the nearest end. */
function checkPodmanVersion(ctx: PlanContext): void {
  const v = parsePodmanVersion(ctx.options.podmanVersion)!;
  const [older, newer] = [compareVersions(v, parsePodmanVersion(OLDEST_DESCRIBED_VERSION)!) < 0, compareVersions(v, parsePodmanVersion(NEWEST_DESCRIBED_VERSION)!) > 0];
  if (!older && !newer) return;
  const what = older
    ? `podman ${ctx.options.podmanVersion} is older than ${OLDEST_DESCRIBED_VERSION}, the oldest compose2systemd describes: the output is written as for ${OLDEST_DESCRIBED_VERSION} and may not run`
    : `podman ${ctx.options.podmanVersion} is newer than ${NEWEST_DESCRIBED_VERSION}, the newest compose2systemd describes: what later versions add is not used`;
  ctx.report(planCodes.podmanVersionUndescribed, what, undefined, { help: `compose2systemd describes podman ${OLDEST_DESCRIBED_VERSION} to ${NEWEST_DESCRIBED_VERSION}` });
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
  for (const c of p.configs.values()) check(c.key, 'config key', c.pointer);
  return ok;
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
