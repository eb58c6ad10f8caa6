// Stage 10, output `quadlet`: ProjectPlan -> Quadlet files (podman 4.4 and later): a `.container` per service
// (a template for replicas), `.network`/`.volume` files (from 4.7, which keeps compose's names), `.image` (4.8)
// and `.build` (5.2) files, and a `.pod` (5.0). Quadlet's generator names each service as the plain units are
// named, so `P-web.container` runs as `P-web.service`. What Quadlet has no file for stays a plain unit in the
// systemd unit directory: the project's target, secrets, and images, networks and volumes on a podman too old
// for their Quadlet file. Reports C703, C719 and the codes of the builders (C702, C713, C718).
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { planCodes } from '../../plan/codes.js';
import type { ProjectPlan, ServicePlan } from '../../plan/plan.js';
import { minimumVersion } from '../../podman/capabilities.js';
import { serviceOfQuadletFile } from '../../podman/quadlet-names.js';
import { formatPodmanVersion } from '../../podman/version.js';
import { pointerJoin } from '../../source/origins.js';
import { renderUnit } from '../../systemd/render.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import { compareFiles, type EmitResult, type FileRoot, type OutputFile } from '../output.js';
import { checkUnitNames } from '../shared/check-unit-names.js';
import { imageUnitFile } from '../shared/image-units.js';
import { OutputContext } from '../shared/output-context.js';
import { privateFiles } from '../shared/private-files.js';
import { externalChecks, networkUnits, volumeUnits } from '../shared/resource-units.js';
import { secretNeeds, secretUnitFile } from '../shared/secret-units.js';
import { startSteps } from '../shared/start-steps.js';
import { targetUnitFile } from '../shared/target-unit.js';
import { startOrderOf, unitDependencies, type UnitNode } from '../shared/unit-graph.js';
import { containerFile } from './container-file.js';
import { buildFile, imageFile, networkFile, podFile, volumeFile } from './quadlet-files.js';

const RANK = { resource: 0, image: 1, pod: 2, service: 10 } as const;

export function emitQuadlet(plan: ProjectPlan): EmitResult {
  const ctx = new OutputContext(plan);
  const P = plan.project.name;
  if (!requireQuadlet(ctx, plan)) return { diagnostics: ctx.diagnostics };
  const files: { root: FileRoot; unit: UnitFile; service: string }[] = [];
  const nodes: UnitNode[] = [];
  const add = (root: FileRoot, u: UnitFile, rank: number, requires?: readonly string[]) => {
    const service = root === 'quadlet' ? serviceOfQuadletFile(u.name)! : u.name;
    files.push({ root, unit: u, service });
    nodes.push({ unit: service, rank, ...(requires ? { requires } : {}) });
    return service;
  };

  // Networks and volumes: a Quadlet file from 4.7 (NetworkName=/VolumeName= keep compose's names), else a plain unit.
  const networkFiles = new Map<string, string>();
  const volumeFiles = new Map<string, string>();
  const resourceUnits = { networks: new Map<string, string>(), volumes: new Map<string, string>() };
  if (ctx.supports('quadlet:Network.NetworkName')) {
    for (const n of plan.networks.filter((x) => !x.external)) {
      const name = `${P}-${n.key}.network`;
      networkFiles.set(n.key, name);
      resourceUnits.networks.set(n.key, add('quadlet', networkFile(ctx, name, n), RANK.resource));
    }
  } else {
    for (const u of networkUnits(ctx, new Set(plan.networks.map((n) => n.key)))) resourceUnits.networks.set(u.key, add('units', u.unit, RANK.resource));
  }
  if (ctx.supports('quadlet:Volume.VolumeName')) {
    for (const v of plan.volumes.filter((x) => !x.external)) {
      const name = `${P}-${v.key}.volume`;
      volumeFiles.set(v.key, name);
      resourceUnits.volumes.set(v.key, add('quadlet', volumeFile(ctx, name, v), RANK.resource));
    }
  } else {
    for (const u of volumeUnits(ctx, new Set(plan.volumes.map((v) => v.key)))) resourceUnits.volumes.set(u.key, add('units', u.unit, RANK.resource));
  }
  for (const secret of plan.secrets) {
    const u = secretUnitFile(ctx, secret);
    if (u) add('units', u, RANK.resource);
  }

  let podFileName: string | undefined;
  let podService: string | undefined;
  if (plan.pod) {
    podFileName = `${P}.pod`;
    const needs = plan.pod.networks.flatMap((k) => (resourceUnits.networks.has(k) ? [resourceUnits.networks.get(k)!] : []));
    const u = podFile(ctx, podFileName, plan.pod, networkFiles, { addHost: ctx.supports('quadlet:Pod.AddHost'), exitPolicy: ctx.supports('quadlet:Pod.ExitPolicy') });
    podService = add('quadlet', u, RANK.pod, needs);
  }

  const wants: string[] = [];
  const graphOrder = new Map(plan.graph.startOrder.map((n, i) => [n, i]));
  for (const sp of plan.services) {
    const image = imageOf(ctx, sp);
    const imageService = image.unit ? add(image.root, image.unit, RANK.image) : undefined;
    const nets = plan.pod ? [] : sp.needs.networks;
    const secrets = secretNeeds(ctx, sp.needs.secrets);
    const plainNeeds = [...secrets.units, ...(image.root === 'units' && imageService ? [imageService] : [])];
    const name = `${P}-${sp.service.name}${sp.role.template ? '@' : ''}.container`;
    const unit = containerFile(ctx, sp, {
      name,
      image: image.reference,
      pullNever: image.root === 'units' || sp.image.kind === 'pull' && sp.image.policy === 'never',
      ...(podFileName !== undefined ? { pod: podFileName } : {}),
      files: { networks: networkFiles, volumes: volumeFiles },
      needs: plainNeeds,
      resourceUnits,
      before: [...externalChecks(ctx, nets, sp.needs.volumes), ...secrets.checks, ...startSteps(ctx, sp)],
    });
    files.push({ root: 'quadlet', unit, service: serviceOfQuadletFile(name)! });
    const deps = [
      ...nets.flatMap((k) => [resourceUnits.networks.get(k) ?? []].flat()),
      ...sp.needs.volumes.flatMap((k) => [resourceUnits.volumes.get(k) ?? []].flat()),
      ...secrets.units,
      ...(imageService ? [imageService] : []),
      ...(podService ? [podService] : []),
      ...sp.dependsOn.flatMap((e) => plan.roles.get(e.to)?.instances ?? []),
    ];
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
  files.push({ root: 'units', unit: target, service: target.name });

  // Names in each place, and the services they make, must be valid and distinct.
  checkUnitNames(ctx, files.map((f) => f.service));
  const privates = privateFiles(ctx);
  if (hasErrors(ctx.diagnostics)) return { diagnostics: ctx.diagnostics };
  const out: OutputFile[] = [...files.map((f) => ({ root: f.root, name: f.unit.name, content: renderUnit(f.unit), unit: f.service, model: f.unit })), ...privates];
  return {
    output: { format: 'quadlet', files: out.sort(compareFiles), target: target.name, startOrder: [...order, target.name], dependencies: unitDependencies(nodes) },
    diagnostics: ctx.diagnostics,
  };
}

/**
 * How the service's image becomes present: a `.image` file (4.8) for a pull, a `.build` file (5.2) for a build,
 * otherwise the plain unit. `pull_policy: never` needs none: the container refuses to pull.
 */
function imageOf(ctx: OutputContext, sp: ServicePlan): { reference: string; root: FileRoot; unit?: UnitFile } {
  const P = ctx.project.name;
  const img = sp.image;
  const s = sp.service;
  if (img.kind === 'pull' && img.policy === 'never') return { reference: img.ref, root: 'quadlet' };
  if (img.kind === 'pull' && ctx.supports('quadlet-image')) {
    const name = `${P}-${s.name}.image`;
    return { reference: name, root: 'quadlet', unit: imageFile(ctx, name, s, img) };
  }
  // dockerfile_inline travels on standard input, which only the plain build unit can give podman build.
  if (img.kind === 'build' && ctx.supports('quadlet-build') && img.build.dockerfileInline === undefined) {
    const name = `${P}-${s.name}.build`;
    return { reference: name, root: 'quadlet', unit: buildFile(ctx, name, s, img) };
  }
  return { reference: img.ref, root: 'units', unit: imageUnitFile(ctx, s, img) };
}

/** Quadlet exists from podman 4.4; a pod in Quadlet (`.pod`, `Pod=`) from 5.0. */
function requireQuadlet(ctx: OutputContext, plan: ProjectPlan): boolean {
  const needs = (feature: 'quadlet' | 'quadlet-pod' | 'quadlet-template', what: string, pointer?: string): boolean => {
    if (ctx.supports(feature)) return true;
    const since = formatPodmanVersion(minimumVersion(feature));
    ctx.report(planCodes.quadletNeedsNewerPodman, `${what} needs podman ${since} or newer; the target is podman ${ctx.options.podmanVersion}`, pointer, {
      help: `convert with --format units (plain units run on every podman), or target a newer podman with --podman-version ${since}`,
    });
    return false;
  };
  if (!needs('quadlet', 'Quadlet output')) return false;
  if (plan.pod && !needs('quadlet-pod', 'a pod in Quadlet (`.pod` files and `Pod=`)')) return false;
  let ok = true;
  for (const sp of plan.services) {
    if (!sp.role.template) continue;
    const s = sp.service;
    const at = pointerJoin(s.pointer, s.scale !== undefined ? 'scale' : 'deploy');
    ok = needs('quadlet-template', `\`${s.name}\` runs ${sp.role.replicas} containers, which in Quadlet takes a template file (\`${plan.project.name}-${s.name}@.container\`) and`, at) && ok;
  }
  return ok;
}
