// Stage 10, output `quadlet`: the resources of a plan -> Quadlet files: `.network` and `.volume` (named as compose
// names them, with NetworkName=/VolumeName=), `.image` (a pull) and `.build`, and the `.pod`. A pull or build only
// when the image is missing is an ExecCondition= that skips the unit when the image is present. Values that
// cannot be written become C702 (UnitDraft).
import type { Build, Network, Service, Volume } from '../../model/types.js';
import { planCodes } from '../../plan/codes.js';
import type { ImageSource, PodPlan } from '../../plan/plan.js';
import { CAPABILITIES, minimumVersion, type Feature } from '../../podman/capabilities.js';
import { formatPodmanVersion, parsePodmanVersion } from '../../podman/version.js';
import { targetUnit } from '../../plan/unit-names.js';
import { publishValue } from '../../podman/run-options.js';
import { pointerJoin } from '../../source/origins.js';
import { fitsQuadletKey } from '../../systemd/quadlet-escape.js';
import type { UnitDraft } from '../../systemd/unit-draft.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import { passesExtraHost } from '../../model/host-gateway.js';
import type { OutputContext } from '../shared/output-context.js';
import { STOP_MARGIN_SEC } from '../shared/service-directives.js';

/** Whether the target has a Quadlet key; if not, C719 at the compose key that needs it. */
function needsKey(ctx: OutputContext, feature: Feature, what: string, pointer: string): boolean {
  if (ctx.supports(feature)) return true;
  const since = formatPodmanVersion(minimumVersion(feature));
  ctx.report(planCodes.quadletNeedsNewerPodman, `${what} needs ${CAPABILITIES[feature].what}, which came with podman ${since}; the target is podman ${ctx.options.podmanVersion}`, pointer, {
    atKey: true,
    help: `convert with --format units, or target a newer podman with --podman-version ${since}`,
  });
  return false;
}

/** The compose labels docker compose puts on what it creates, so `podman ... ls --filter` finds them. */
function composeLabels(d: UnitDraft, section: 'Network' | 'Volume', project: string, kind: string, key: string): void {
  d.quadletWords(section, 'Label', [`com.docker.compose.project=${project}`], 'label');
  d.quadletWords(section, 'Label', [`com.docker.compose.${kind}=${key}`], `${kind} key`);
}

function head(ctx: OutputContext, d: UnitDraft, description: string, pointer: string): void {
  d.text('Unit', 'Description', description, 'description', pointer);
  // Part of the target: restarting the project re-runs the (idempotent) step.
  d.set('Unit', 'PartOf', targetUnit(ctx.project.name));
}

export function networkFile(ctx: OutputContext, name: string, n: Network): UnitFile {
  const d = ctx.draft(name, ctx.header(`network ${n.key}`));
  const at = (k: string) => pointerJoin(n.pointer, k);
  head(ctx, d, `${ctx.project.name}: network ${n.name}`, n.pointer);
  d.quadletValue('Network', 'NetworkName', n.name, 'network name', at('name'));
  if (n.driver !== undefined) d.quadletValue('Network', 'Driver', n.driver, 'network driver', at('driver'));
  for (const [k, v] of n.driverOpts) d.quadletWords('Network', 'Options', [`${k}=${v}`], 'driver option', pointerJoin(at('driver_opts'), k));
  if (n.internal) d.set('Network', 'Internal', 'true');
  if (n.enableIpv6 === true) d.set('Network', 'IPv6', 'true');
  if (n.ipam?.driver !== undefined) d.quadletValue('Network', 'IPAMDriver', n.ipam.driver, 'IPAM driver', pointerJoin(at('ipam'), 'driver'));
  n.ipam?.config.forEach((c, i) => {
    // podman pairs the n-th gateway and range with the n-th subnet, so keep them together in order.
    const p = pointerJoin(pointerJoin(at('ipam'), 'config'), i);
    if (c.subnet !== undefined) d.quadletValue('Network', 'Subnet', c.subnet, 'subnet', pointerJoin(p, 'subnet'));
    if (c.gateway !== undefined) d.quadletValue('Network', 'Gateway', c.gateway, 'gateway', pointerJoin(p, 'gateway'));
    if (c.ipRange !== undefined) d.quadletValue('Network', 'IPRange', c.ipRange, 'IP range', pointerJoin(p, 'ip_range'));
  });
  for (const [k, v] of n.labels) d.quadletWords('Network', 'Label', [`${k}=${v}`], 'label', pointerJoin(at('labels'), k));
  composeLabels(d, 'Network', ctx.project.name, 'network', n.key);
  return d.build();
}

export function volumeFile(ctx: OutputContext, name: string, v: Volume): UnitFile {
  const d = ctx.draft(name, ctx.header(`volume ${v.key}`));
  const at = (k: string) => pointerJoin(v.pointer, k);
  head(ctx, d, `${ctx.project.name}: volume ${v.name}`, v.pointer);
  d.quadletValue('Volume', 'VolumeName', v.name, 'volume name', at('name'));
  if (v.driver !== undefined && needsKey(ctx, 'quadlet:Volume.Driver', `\`driver\` of volume \`${v.key}\``, at('driver'))) {
    d.quadletValue('Volume', 'Driver', v.driver, 'volume driver', at('driver'));
  }
  for (const [k, val] of v.labels) d.quadletWords('Volume', 'Label', [`${k}=${val}`], 'label', pointerJoin(at('labels'), k));
  composeLabels(d, 'Volume', ctx.project.name, 'volume', v.key);
  // compose's driver_opts are `podman volume create --opt`; Quadlet's Options= would be mount options only.
  if (v.driverOpts.size > 0 && needsKey(ctx, 'quadlet:Volume.PodmanArgs', `\`driver_opts\` of volume \`${v.key}\``, at('driver_opts'))) {
    for (const [k, val] of v.driverOpts) d.quadletWords('Volume', 'PodmanArgs', ['--opt', `${k}=${val}`], 'driver option', pointerJoin(at('driver_opts'), k));
  }
  return d.build();
}

/**
 * `sh -c SCRIPT IMAGE PODMAN`: exit 1 (skip the unit) when the image is present, so a pull or build happens only
 * for a missing image, as compose's default `pull_policy: missing` does.
 */
const WHEN_MISSING = '! "$1" image exists "$0"';

function whenMissing(ctx: OutputContext, d: UnitDraft, image: string, pointer: string): void {
  d.note('Service', 'Only when the image is missing: the unit is skipped when it is present ($0 is the image).');
  d.exec('ExecCondition', [{ args: ['/bin/sh', '-c', WHEN_MISSING] }, { args: [image], pointer }, { args: [ctx.podman] }], 'image check');
}

/** `.image`: pulls the image (policy `always`: at every start; `missing`: only when it is absent). */
export function imageFile(ctx: OutputContext, name: string, service: Service, image: Extract<ImageSource, { kind: 'pull' }>): UnitFile {
  const d = ctx.draft(name, ctx.header(`image of service ${service.name}`));
  const imagePointer = pointerJoin(service.pointer, 'image');
  head(ctx, d, `${ctx.project.name}: image ${image.ref} for ${service.name}`, imagePointer);
  d.quadletValue('Image', 'Image', image.ref, 'image name', imagePointer);
  if (service.platform !== undefined) d.quadletWords('Image', 'PodmanArgs', [`--platform=${service.platform}`], 'platform', pointerJoin(service.pointer, 'platform'));
  if (image.policy === 'missing') {
    // Without a policy `podman image pull` asks the registry at every start; compose pulls only a missing image.
    if (ctx.supports('quadlet:Image.Policy')) d.set('Image', 'Policy', 'missing');
    else whenMissing(ctx, d, image.ref, imagePointer);
  }
  return d.build();
}

/** `.build`: builds the image (pull_policy `build`: at every start; otherwise only when it is missing). */
export function buildFile(ctx: OutputContext, name: string, service: Service, image: Extract<ImageSource, { kind: 'build' }>): UnitFile {
  const b: Build = image.build;
  const bp = (k: string) => pointerJoin(b.pointer, k);
  const d = ctx.draft(name, ctx.header(`image build of service ${service.name}`));
  head(ctx, d, `${ctx.project.name}: build ${image.ref} for ${service.name}`, pointerJoin(service.pointer, 'image'));
  d.quadletValue('Build', 'ImageTag', image.ref, 'image name', pointerJoin(service.pointer, 'image'));
  b.tags.forEach((t, i) => d.quadletValue('Build', 'ImageTag', t, 'image tag', pointerJoin(bp('tags'), i)));
  // The context is the unit's working directory; compose reads `dockerfile` relative to the context.
  d.quadletValue('Build', 'SetWorkingDirectory', b.context, 'build context', bp('context'));
  if (b.dockerfile !== undefined) d.quadletValue('Build', 'File', b.dockerfile.startsWith('/') ? b.dockerfile : `${b.context}/${b.dockerfile}`, 'Dockerfile', bp('dockerfile'));
  if (b.target !== undefined) d.quadletValue('Build', 'Target', b.target, 'build target', bp('target'));
  for (const [k, v] of b.labels) d.quadletWords('Build', 'Label', [`${k}=${v}`], 'label', pointerJoin(bp('labels'), k));
  if (b.network !== undefined) d.quadletValue('Build', 'Network', b.network, 'build network', bp('network'));
  if (b.pull === true) d.set('Build', 'Pull', 'always');
  const args: { words: string[]; pointer: string }[] = [];
  for (const [k, v] of b.args) {
    if (ctx.supports('quadlet:Build.BuildArg')) d.quadletWords('Build', 'BuildArg', [`${k}=${v}`], 'build argument', pointerJoin(bp('args'), k));
    else args.push({ words: ['--build-arg', `${k}=${v}`], pointer: pointerJoin(bp('args'), k) });
  }
  b.extraHosts.forEach((h, i) => passesExtraHost(h, parsePodmanVersion(ctx.options.podmanVersion)!) && args.push({ words: ['--add-host', `${h.host}:${h.ip}`], pointer: pointerJoin(bp('extra_hosts'), i) }));
  if (b.shmSizeBytes !== undefined) args.push({ words: ['--shm-size', `${b.shmSizeBytes}b`], pointer: bp('shm_size') });
  if (b.noCache === true) args.push({ words: ['--no-cache'], pointer: bp('no_cache') });
  b.cacheFrom.forEach((c, i) => args.push({ words: ['--cache-from', c], pointer: pointerJoin(bp('cache_from'), i) }));
  b.cacheTo.forEach((c, i) => args.push({ words: ['--cache-to', c], pointer: pointerJoin(bp('cache_to'), i) }));
  for (const [k, v] of b.additionalContexts) args.push({ words: ['--build-context', `${k}=${v}`], pointer: pointerJoin(bp('additional_contexts'), k) });
  const platform = service.platform !== undefined && b.platforms.includes(service.platform) ? service.platform : b.platforms[0];
  if (platform !== undefined) args.push({ words: ['--platform', platform], pointer: pointerJoin(bp('platforms'), Math.max(0, b.platforms.indexOf(platform))) });
  b.secrets.forEach((s, i) => {
    const secret = ctx.project.secrets.get(s.source);
    if (secret?.source.kind === 'file') args.push({ words: ['--secret', `id=${s.source},src=${secret.source.path}`], pointer: pointerJoin(bp('secrets'), i) });
  });
  for (const a of args) d.quadletWords('Build', 'PodmanArgs', a.words, 'build option', a.pointer);
  d.note('Service', 'A build takes as long as it takes; stop the unit to cancel it.');
  d.set('Service', 'TimeoutStartSec', 'infinity');
  // Built once per start of the project, not again for every start of a container that needs it (podman 5.3
  // and later would), as the plain build unit does.
  d.set('Service', 'RemainAfterExit', 'yes');
  if (image.policy === 'missing') whenMissing(ctx, d, image.ref, pointerJoin(service.pointer, 'image'));
  return d.build();
}

/** `.pod`: the pod every container joins, with every service's ports, host entries and DNS settings. */
export function podFile(ctx: OutputContext, name: string, pod: PodPlan, networks: ReadonlyMap<string, string>, supports: { readonly addHost: boolean; readonly exitPolicy: boolean }): UnitFile {
  const d = ctx.draft(name, ctx.header('the pod all services run in'));
  d.set('Unit', 'Description', `${ctx.project.name}: pod`);
  d.set('Unit', 'PartOf', targetUnit(ctx.project.name));
  d.quadletValue('Pod', 'PodName', pod.name, 'pod name');
  for (const key of pod.networks) {
    const n = ctx.project.networks.get(key)!;
    d.quadletValue('Pod', 'Network', networks.get(key) ?? n.name, 'network', n.pointer);
  }
  for (const p of pod.ports) d.quadletValue('Pod', 'PublishPort', publishValue(p), 'published port', p.pointer);
  for (const h of pod.hosts) {
    if (supports.addHost && fitsQuadletKey(h.value, 'raw')) d.quadletValue('Pod', 'AddHost', h.value, 'host entry', h.pointer);
    else d.quadletWords('Pod', 'PodmanArgs', ['--add-host', h.value], 'host entry', h.pointer);
  }
  const dns = [
    ...pod.dns.map((v) => ({ flag: '--dns', key: 'DNS', v })),
    ...pod.dnsSearch.map((v) => ({ flag: '--dns-search', key: 'DNSSearch', v })),
    ...pod.dnsOptions.map((v) => ({ flag: '--dns-option', key: 'DNSOption', v })),
  ];
  for (const { flag, key, v } of dns) {
    if (ctx.supports('quadlet:Pod.DNS') && fitsQuadletKey(v.value, 'raw')) d.quadletValue('Pod', key, v.value, 'DNS setting', v.pointer);
    else d.quadletWords('Pod', 'PodmanArgs', [flag, v.value], 'DNS setting', v.pointer);
  }
  const label = `com.docker.compose.project=${ctx.project.name}`;
  if (ctx.supports('quadlet:Pod.Label')) d.quadletWords('Pod', 'Label', [label], 'label');
  else d.quadletWords('Pod', 'PodmanArgs', ['--label', label], 'label');
  if (pod.hasJob) {
    d.note('Pod', 'A one-shot job may run alone in the pod; with the exit policy "stop" its exit would stop the pod and every container in it.');
    if (supports.exitPolicy) d.set('Pod', 'ExitPolicy', 'continue');
    else d.quadletWords('Pod', 'PodmanArgs', ['--exit-policy=continue'], 'exit policy');
  }
  d.set('Service', 'TimeoutStopSec', `${pod.stopGraceSec + STOP_MARGIN_SEC}s`);
  return d.build();
}
