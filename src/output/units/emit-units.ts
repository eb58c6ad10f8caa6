// Stage 10, output `units`: ProjectPlan -> plain systemd units that run each container with `podman run`
// (the `podman generate systemd --new` lineage): one unit per service (a template for replicas), units that
// create networks, volumes, secrets and images first, the pod, and the project's target. Reports C703 and the
// codes of the unit builders (C702, C713, C718) and of src/podman/run-options.ts.
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { ProjectPlan } from '../../plan/plan.js';
import { podUnit } from '../../plan/unit-names.js';
import { renderUnit } from '../../systemd/render.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import { compareFiles, type EmitResult, type OutputFile } from '../output.js';
import { checkUnitNames } from '../shared/check-unit-names.js';
import { imageUnitFile } from '../shared/image-units.js';
import { OutputContext } from '../shared/output-context.js';
import { privateFiles } from '../shared/private-files.js';
import { externalChecks, networkUnits, volumeUnits } from '../shared/resource-units.js';
import { secretNeeds, secretUnitFile } from '../shared/secret-units.js';
import { targetUnitFile } from '../shared/target-unit.js';
import { startOrderOf, unitDependencies, type UnitNode } from '../shared/unit-graph.js';
import { containerRun } from './container-run.js';
import { podUnitFile } from './pod-unit.js';
import { serviceUnitFile } from './service-unit.js';

/** Rank of a unit among those ready at the same time: resources, images, the pod, then services. */
const RANK = { resource: 0, image: 1, pod: 2, service: 10 } as const;

export function emitUnits(plan: ProjectPlan): EmitResult {
  const ctx = new OutputContext(plan);
  const units: UnitFile[] = [];
  const nodes: UnitNode[] = [];
  const add = (u: UnitFile, rank: number, requires?: readonly string[]) => {
    units.push(u);
    nodes.push({ unit: u.name, rank, ...(requires ? { requires } : {}) });
  };

  const netUnits = networkUnits(ctx, new Set(plan.networks.map((n) => n.key)));
  const volUnits = volumeUnits(ctx, new Set(plan.volumes.map((v) => v.key)));
  const netUnitOf = new Map(netUnits.map((u) => [u.key, u.unit.name]));
  const volUnitOf = new Map(volUnits.map((u) => [u.key, u.unit.name]));
  for (const u of [...netUnits, ...volUnits]) add(u.unit, RANK.resource);
  for (const secret of plan.secrets) {
    const file = secretUnitFile(ctx, secret);
    if (file) add(file, RANK.resource);
  }

  let pod: string | undefined;
  if (plan.pod) {
    const needs = plan.pod.networks.flatMap((k) => (netUnitOf.has(k) ? [netUnitOf.get(k)!] : []));
    pod = podUnit(plan.project.name);
    add(podUnitFile(ctx, plan.pod, { needs, externalChecks: externalChecks(ctx, plan.pod.networks, []), members: plan.services.flatMap((sp) => sp.role.instances) }), RANK.pod, needs);
  }

  const wants: string[] = [];
  const graphOrder = new Map(plan.graph.startOrder.map((n, i) => [n, i]));
  for (const sp of plan.services) {
    const image = imageUnitFile(ctx, sp.service, sp.image);
    add(image, RANK.image);
    const nets = pod !== undefined ? [] : sp.needs.networks;
    const secrets = secretNeeds(ctx, sp.needs.secrets);
    const needUnits = [
      ...nets.flatMap((k) => (netUnitOf.has(k) ? [netUnitOf.get(k)!] : [])),
      ...sp.needs.volumes.flatMap((k) => (volUnitOf.has(k) ? [volUnitOf.get(k)!] : [])),
      ...secrets.units,
      image.name,
    ];
    const run = containerRun(ctx, sp, pod);
    const before = [...externalChecks(ctx, nets, sp.needs.volumes), ...secrets.checks, ...run.before];
    units.push(serviceUnitFile(ctx, sp, needUnits, pod, { ...run, before }));
    const deps = [...needUnits, ...(pod !== undefined ? [pod] : []), ...sp.dependsOn.flatMap((e) => plan.roles.get(e.to)?.instances ?? [])];
    const optional = sp.dependsOn.filter((e) => !e.required).flatMap((e) => plan.roles.get(e.to)?.instances ?? []);
    for (const inst of sp.role.instances) {
      nodes.push({ unit: inst, rank: RANK.service + (graphOrder.get(sp.service.name) ?? 0), requires: deps, ...(optional.length > 0 ? { optional } : {}) });
      wants.push(inst);
    }
  }
  const order = startOrderOf(nodes);
  const wanted = new Set(wants);
  const target = targetUnitFile(
    ctx,
    order.filter((u) => wanted.has(u)),
  );
  units.push(target);

  checkUnitNames(ctx, units.map((u) => u.name));
  const privates = privateFiles(ctx);
  if (hasErrors(ctx.diagnostics)) return { diagnostics: ctx.diagnostics };
  const files: OutputFile[] = [...units.map((u) => ({ root: 'units' as const, name: u.name, content: renderUnit(u), unit: u.name, model: u })), ...privates];
  return {
    output: {
      format: 'units',
      files: files.sort(compareFiles),
      target: target.name,
      startOrder: [...order, target.name],
      dependencies: unitDependencies(nodes),
    },
    diagnostics: ctx.diagnostics,
  };
}
