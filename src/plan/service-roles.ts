// Stage 9, plan: services x dependency edges -> how each service runs: replica count (template or plain
// unit), one-shot job (waited on to complete) or health-gated (waited on to be healthy).
// Reports C701, C709, C710, C711, C717.
import type { DependencyGraph, Edge } from '../graph/dependency-graph.js';
import type { Service } from '../model/types.js';
import { pointerJoin } from '../source/origins.js';
import { planCodes } from './codes.js';
import type { PlanContext } from './plan-context.js';
import { serviceInstances } from './unit-names.js';

export interface ServiceRole {
  readonly service: Service;
  /** Number of containers; 1 unless `scale` or `deploy.replicas` says otherwise. */
  readonly replicas: number;
  /** A template unit `P-svc@.service` with instances 1..replicas; replicas != 1 makes one. */
  readonly template: boolean;
  /** The unit names that run it: `P-svc.service`, or `P-svc@1.service` ... */
  readonly instances: readonly string[];
  /** Some service waits for it with `service_completed_successfully`: it runs as Type=oneshot. */
  readonly job: boolean;
  /** Some service waits for it with `service_healthy`: its unit is ready only once it is healthy. */
  readonly healthGated: boolean;
}

function replicaCount(ctx: PlanContext, s: Service): number {
  const fromDeploy = s.deploy?.replicas;
  if (s.scale !== undefined && fromDeploy !== undefined && s.scale !== fromDeploy) {
    ctx.report(planCodes.replicasMismatch, `service \`${s.name}\` sets \`scale: ${s.scale}\` and \`deploy.replicas: ${fromDeploy}\``, pointerJoin(s.pointer, 'scale'), {
      related: [{ pointer: pointerJoin(pointerJoin(s.pointer, 'deploy'), 'replicas'), message: 'and here' }],
      help: 'keep one of them, or give both the same value',
    });
  }
  return s.scale ?? fromDeploy ?? 1;
}

function hasUsableHealthcheck(s: Service): boolean {
  return s.healthcheck !== undefined && !s.healthcheck.disable;
}

export function serviceRoles(ctx: PlanContext, graph: DependencyGraph): Map<string, ServiceRole> {
  const project = ctx.project;
  const waitedHealthy = new Map<string, Edge[]>();
  const waitedCompleted = new Map<string, Edge[]>();
  for (const e of graph.edges) {
    const table = e.condition === 'service_healthy' ? waitedHealthy : e.condition === 'service_completed_successfully' ? waitedCompleted : undefined;
    if (!table) continue;
    table.set(e.to, [...(table.get(e.to) ?? []), e]);
  }
  const roles = new Map<string, ServiceRole>();
  for (const name of graph.services) {
    const s = project.services.get(name);
    if (!s) continue;
    const replicas = replicaCount(ctx, s);
    const template = replicas !== 1;
    if (template && replicas > 1 && s.containerName !== undefined) {
      ctx.report(planCodes.containerNameWithReplicas, `service \`${name}\` runs ${replicas} containers, which cannot all be named \`${s.containerName}\``, pointerJoin(s.pointer, 'container_name'), {
        help: 'remove `container_name`; the containers are named `<project>-<service>-<n>`',
      });
    }
    if (replicas === 0) {
      ctx.report(planCodes.scaledToZero, `service \`${name}\` is scaled to 0: its template unit is written, but no instance is started`, pointerJoin(s.pointer, s.scale !== undefined ? 'scale' : 'deploy'), {
        help: `start instances by hand with \`systemctl start ${project.name}-${name}@1.service\``,
      });
    }
    const healthy = waitedHealthy.get(name) ?? [];
    const completed = waitedCompleted.get(name) ?? [];
    if (healthy.length > 0 && !hasUsableHealthcheck(s)) {
      for (const e of healthy) {
        const disabled = s.healthcheck?.disable === true;
        ctx.report(planCodes.healthyWithoutHealthcheck, `\`${e.from}\` waits for \`${name}\` to be healthy, but \`${name}\` ${disabled ? 'disables its healthcheck' : 'has no healthcheck'}`, e.pointer, {
          atKey: true,
          ...(s.healthcheck ? { related: [{ pointer: s.healthcheck.pointer, message: 'disabled here', atKey: true }] } : {}),
          help: `add a \`healthcheck:\` to \`${name}\` (compose2systemd cannot see one its image may define), or use \`condition: service_started\``,
        });
      }
    }
    if (healthy.length > 0 && completed.length > 0) {
      ctx.report(planCodes.conflictingConditions, `\`${name}\` is waited on both to be healthy and to complete; a container that has exited is not healthy`, completed[0]!.pointer, {
        atKey: true,
        related: [{ pointer: healthy[0]!.pointer, message: 'waits for it to be healthy', atKey: true }],
        help: 'choose one condition for this service',
      });
    }
    roles.set(name, {
      service: s,
      replicas,
      template,
      instances: serviceInstances(project.name, name, template, replicas),
      job: completed.length > 0,
      healthGated: healthy.length > 0 && completed.length === 0,
    });
  }
  return roles;
}
