// Stage 10, output `kube`: ProjectPlan -> Kubernetes objects -> YAML. Each service becomes a Deployment (a one-shot
// job: an init container of the pods that wait for it) and a Service for its ports; named volumes become
// PersistentVolumeClaims, configs ConfigMaps; secrets are referenced, never written into the manifests: a secret's
// value, like every value that is not public in the compose file, is a Secret in a file of its own (private-secrets.ts). For `up`: `P.yaml` (every
// object) and `P.kube` in the Quadlet directory, and in the unit directory `P.target` plus the network and image
// units of the other formats (output/shared). `manifests` holds one file per object, for `convert -o DIR`.
// Reports C750, C755, C757 and the codes of the builders (C751-C762, C702).
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { ProjectPlan } from '../../plan/plan.js';
import { minimumVersion } from '../../podman/capabilities.js';
import { serviceOfQuadletFile } from '../../podman/quadlet-names.js';
import { formatPodmanVersion } from '../../podman/version.js';
import { renderUnit } from '../../systemd/render.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import { compareFiles, type EmitResult, type FileRoot, type OutputFile } from '../output.js';
import { checkUnitNames } from '../shared/check-unit-names.js';
import { imageUnitFile } from '../shared/image-units.js';
import { networkUnits } from '../shared/resource-units.js';
import { targetUnitFile } from '../shared/target-unit.js';
import { startOrderOf, unitDependencies, type UnitNode } from '../shared/unit-graph.js';
import { kubeCodes } from './codes.js';
import { KubeContext, type KubeInputs } from './kube-context.js';
import type { KubeObject } from './kube-objects.js';
import { kubeUnitFile } from './kube-unit.js';
import { objectFileName, objectsYaml, objectYaml } from './kube-yaml.js';
import { claimOf, configMapOf, servicesOf } from './project-objects.js';
import { privateSecrets } from './private-secrets.js';
import { deploymentOf } from './workloads.js';

/** The Kubernetes YAML `P.yaml` among the files of the kube output (what `convert` prints). */
export function isKubeYaml(f: OutputFile): boolean {
  return f.root === 'quadlet' && f.name.endsWith('.yaml');
}

/**
 * How long podman kube play may take: pods start one after another, each health-gated one only once healthy, so
 * their bounds add up; a one-shot job runs as long as it needs, as in the other formats. Undefined: the default.
 */
function startTimeout(plan: ProjectPlan): number | 'infinity' | undefined {
  if (plan.services.some((sp) => sp.role.job)) return 'infinity';
  const bounds = plan.services.flatMap((sp) => (sp.health ? [sp.health.startTimeoutSec] : []));
  return bounds.length > 0 ? bounds.reduce((a, b) => a + b, 0) : undefined;
}

export function emitKube(plan: ProjectPlan, inputs: KubeInputs = {}): EmitResult {
  const ctx = new KubeContext(plan, inputs);
  const P = plan.project.name;
  if (plan.pod) {
    ctx.report(kubeCodes.notWithKube, '--pod cannot be used with --format kube: every service becomes a pod of its own', undefined, {
      help: 'convert without --pod, or with --format quadlet or units',
    });
    return { diagnostics: ctx.diagnostics };
  }
  if (!ctx.supports('quadlet')) {
    ctx.report(kubeCodes.kubeNeedsPodman, `the \`.kube\` unit that runs the YAML needs podman ${formatPodmanVersion(minimumVersion('quadlet'))} or newer; the target is podman ${ctx.options.podmanVersion}`, undefined, {
      help: 'convert with --format units (plain units run on every podman), or target a newer podman with --podman-version',
    });
    return { diagnostics: ctx.diagnostics };
  }

  // One-shot jobs run as init containers of the pods that wait for them; every other service is a Deployment.
  const rank = new Map(plan.graph.startOrder.map((n, i) => [n, i]));
  const workloads = plan.services.filter((sp) => !sp.role.job).sort((a, b) => (rank.get(a.service.name) ?? 0) - (rank.get(b.service.name) ?? 0));
  for (const sp of plan.services) ctx.checkServiceName(sp.service.name, sp.service.pointer);
  const deployments = workloads.map((sp) => deploymentOf(ctx, sp));
  const services = servicesOf(ctx, workloads);
  const claims = plan.volumes.filter((v) => !v.external).map((v) => claimOf(ctx, v));
  const usedConfigs = [...new Set(plan.services.flatMap((sp) => sp.service.configs.map((g) => g.source)))].sort();
  const configMaps = usedConfigs.flatMap((k) => {
    const c = plan.project.configs.get(k);
    const cm = c && c.source.kind !== 'external' && !ctx.privateConfigs.has(k) ? configMapOf(ctx, c) : undefined;
    return cm ? [cm] : [];
  });
  // Values that are not public in the compose file: Secrets in files of their own, never in the manifests.
  const privates = privateSecrets(ctx);

  ctx.checkDistinct('Deployment', workloads.map((sp) => ({ name: ctx.deploymentName(sp.service.name), pointer: sp.service.pointer })));
  ctx.checkDistinct('Service', services.names);
  ctx.checkDistinct('PersistentVolumeClaim', plan.volumes.filter((v) => !v.external).map((v) => ({ name: ctx.claimName(v), pointer: v.pointer })));
  ctx.checkDistinct('ConfigMap', usedConfigs.flatMap((k) => (plan.project.configs.has(k) ? [{ name: ctx.configMapName(plan.project.configs.get(k)!), pointer: plan.project.configs.get(k)!.pointer }] : [])));
  // the compose secrets with a value are among the private Secrets; the others are only referenced
  const referenced = plan.secrets.filter((s) => s.source.kind === 'file' || s.source.kind === 'external');
  ctx.checkDistinct('Secret', [...referenced.map((s) => ({ name: ctx.secretName(s), pointer: s.pointer })), ...privates.map((p) => ({ name: p.name, pointer: p.pointer }))]);

  // Claims and ConfigMaps first (a cluster creates them before the pods that mount them), then the workloads in
  // start order: podman kube play starts the pods one after another in this order.
  const objects: KubeObject[] = [...claims, ...configMaps, ...services.objects, ...deployments];
  const yamlName = `${P}.yaml`;
  const yaml = objectsYaml(ctx.header('Kubernetes objects of every service'), objects);

  // The units of this host: networks and images as the other formats make them, the `.kube` unit, the target.
  const files: { root: FileRoot; unit: UnitFile; service: string }[] = [];
  const nodes: UnitNode[] = [];
  const needs: string[] = [];
  const add = (u: UnitFile, rank: number) => {
    files.push({ root: 'units', unit: u, service: u.name });
    nodes.push({ unit: u.name, rank });
    needs.push(u.name);
  };
  for (const u of networkUnits(ctx, new Set(plan.networks.map((n) => n.key)))) add(u.unit, 0);
  for (const sp of plan.services) add(imageUnitFile(ctx, sp.service, sp.image), 1);
  const kubeName = `${P}.kube`;
  const kubeService = serviceOfQuadletFile(kubeName)!;
  const kube = kubeUnitFile(ctx, {
    name: kubeName,
    yaml: yamlName,
    networks: plan.networks.map((n) => n.name),
    needs: [...needs],
    fileSecrets: referenced.filter((s) => s.source.kind === 'file'),
    privateSecrets: privates,
    startTimeoutSec: startTimeout(plan),
  });
  nodes.push({ unit: kubeService, rank: 10, requires: [...needs] });
  const target = targetUnitFile(ctx, [kubeService]);

  checkUnitNames(ctx, [...files.map((f) => f.service), kubeService, target.name]);
  if (hasErrors(ctx.diagnostics)) return { diagnostics: ctx.diagnostics };

  const out: OutputFile[] = [
    ...files.map((f) => ({ root: f.root, name: f.unit.name, content: renderUnit(f.unit), unit: f.service, model: f.unit })),
    { root: 'quadlet', name: kubeName, content: renderUnit(kube), unit: kubeService, model: kube },
    { root: 'quadlet', name: yamlName, content: yaml, readers: [kubeService] },
    { root: 'units', name: target.name, content: renderUnit(target), unit: target.name, model: target },
    ...privates.map((p) => ({ ...p.file, readers: [kubeService] })),
  ];
  const header = ctx.header('a Kubernetes object').map((l) => `# ${l}\n`).join('');
  // `-o DIR` writes the private Secrets beside the manifests, mode 0600, so that `kubectl apply -f DIR` creates them.
  const manifests: OutputFile[] = [...objects.map((o) => ({ root: 'quadlet' as const, name: objectFileName(o), content: header + objectYaml(o) })), ...privates.map((p) => p.file)];
  const order = startOrderOf(nodes);
  return {
    output: {
      format: 'kube',
      files: out.sort(compareFiles),
      manifests: manifests.sort(compareFiles),
      target: target.name,
      startOrder: [...order, target.name],
      dependencies: unitDependencies(nodes),
    },
    diagnostics: ctx.diagnostics,
  };
}
