// Stage 10, output (both systemd formats): a service's planned image -> the oneshot unit that makes it present
// before the container starts: `P-svc-image.service` (pull per pull_policy) or `P-svc-build.service` (podman
// build). The container then runs with --pull=never. Reports C713 (a build secret that is not a file).
import { posix } from 'node:path';
import type { Build, Service } from '../../model/types.js';
import type { ImageSource } from '../../plan/plan.js';
import { pointerJoin } from '../../source/origins.js';
import { planCodes } from '../../plan/codes.js';
import { passesExtraHost } from '../../model/host-gateway.js';
import { parsePodmanVersion } from '../../podman/version.js';
import type { OutputContext } from './output-context.js';
import { unlessExists } from './shell-steps.js';
import { standardInputText } from './stdin-text.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import type { ArgGroup, UnitDraft } from '../../systemd/unit-draft.js';
import { buildUnit, imageUnit, targetUnit } from '../../plan/unit-names.js';

/** A pull can be slow (large images, slow registries); it must never look like a failed service. */
export const PULL_TIMEOUT = '30min';

function commonHead(ctx: OutputContext, d: UnitDraft, description: string, pointer: string): void {
  d.text('Unit', 'Description', description, 'image name', pointer);
  // Pulls and builds reach registries: wait for the network like the container units do.
  d.set('Unit', 'Wants', 'network-online.target');
  d.set('Unit', 'After', 'network-online.target');
  d.set('Unit', 'RequiresMountsFor', '%t/containers');
  // Part of the target: restarting the project checks (or pulls, or builds) the image again.
  d.set('Unit', 'PartOf', targetUnit(ctx.project.name));
  d.set('Service', 'Type', 'oneshot');
  d.set('Service', 'RemainAfterExit', 'yes');
}

/** The unit that makes the service's image present. */
export function imageUnitFile(ctx: OutputContext, service: Service, image: ImageSource): UnitFile {
  return image.kind === 'build' ? buildUnitFile(ctx, service, image.build, image.ref, image.policy) : pullUnit(ctx, service, image.ref, image.policy);
}

function pullUnit(ctx: OutputContext, service: Service, image: string, policy: 'missing' | 'always' | 'never'): UnitFile {
  const name = imageUnit(ctx.project.name, service.name);
  const imagePointer = pointerJoin(service.pointer, 'image');
  const d = ctx.draft(name, ctx.header(`image of service ${service.name}`));
  commonHead(ctx, d, `${ctx.project.name}: image ${image} for ${service.name}`, imagePointer);
  d.note('Service', 'A pull has a unit of its own so that a slow first pull never counts against the service.');
  d.set('Service', 'TimeoutStartSec', PULL_TIMEOUT);
  const platform: ArgGroup[] = service.platform !== undefined ? [{ args: ['--platform', service.platform], pointer: pointerJoin(service.pointer, 'platform') }] : [];
  const pull: ArgGroup[] = [{ args: [ctx.podman, 'pull'] }, ...platform, { args: [image], pointer: imagePointer }];
  if (policy === 'always') {
    d.exec('ExecStart', pull, 'pull command');
  } else if (policy === 'never') {
    d.note('Service', 'pull_policy: never: the image must already be present.');
    d.exec('ExecStart', [{ args: [ctx.podman, 'image', 'exists'] }, { args: [image], pointer: imagePointer }], 'image check');
  } else {
    d.note('Service', 'Pull only when the image is missing ($0 is the image, "$@" the pull command).');
    d.exec('ExecStart', [{ args: ['/bin/sh', '-c', unlessExists('image')] }, { args: [image], pointer: imagePointer }, ...pull], 'pull command');
  }
  return d.build();
}

function buildUnitFile(ctx: OutputContext, service: Service, build: Build, image: string, policy: 'missing' | 'build'): UnitFile {
  const name = buildUnit(ctx.project.name, service.name);
  const bp = (k: string) => pointerJoin(build.pointer, k);
  const d = ctx.draft(name, ctx.header(`image build of service ${service.name}`));
  commonHead(ctx, d, `${ctx.project.name}: build ${image} for ${service.name}`, pointerJoin(service.pointer, 'image'));
  d.note('Service', 'A build takes as long as it takes; stop the unit to cancel it.');
  d.set('Service', 'TimeoutStartSec', 'infinity');

  const groups: ArgGroup[] = [{ args: [ctx.podman, 'build'] }, { args: ['--tag', image], pointer: pointerJoin(service.pointer, 'image') }];
  build.tags.forEach((t, i) => groups.push({ args: ['--tag', t], pointer: pointerJoin(bp('tags'), i) }));
  const local = build.context.startsWith('/');
  if (build.dockerfileInline !== undefined) {
    const text = standardInputText(build.dockerfileInline);
    if (text.ok) {
      d.note('Service', 'dockerfile_inline, given to podman build on standard input (-f -).');
      d.set('Service', 'StandardInput', 'data');
      for (const v of text.values) d.set('Service', 'StandardInputText', v);
      groups.push({ args: ['--file', '-'], pointer: bp('dockerfile_inline') });
    } else d.problem('dockerfile_inline', text.reason, bp('dockerfile_inline'));
  } else if (build.dockerfile !== undefined) {
    // compose reads `dockerfile` relative to the context; podman relative to its working directory.
    const file = local && !build.dockerfile.startsWith('/') ? posix.join(build.context, build.dockerfile) : build.dockerfile;
    groups.push({ args: ['--file', file], pointer: bp('dockerfile') });
  }
  for (const [k, v] of build.args) groups.push({ args: ['--build-arg', `${k}=${v}`], pointer: pointerJoin(bp('args'), k) });
  if (build.target !== undefined) groups.push({ args: ['--target', build.target], pointer: bp('target') });
  for (const [k, v] of build.labels) groups.push({ args: ['--label', `${k}=${v}`], pointer: pointerJoin(bp('labels'), k) });
  if (build.network !== undefined) groups.push({ args: ['--network', build.network], pointer: bp('network') });
  build.extraHosts.forEach((h, i) => passesExtraHost(h, parsePodmanVersion(ctx.options.podmanVersion)!) && groups.push({ args: ['--add-host', `${h.host}:${h.ip}`], pointer: pointerJoin(bp('extra_hosts'), i) }));
  if (build.shmSizeBytes !== undefined) groups.push({ args: ['--shm-size', `${build.shmSizeBytes}b`], pointer: bp('shm_size') });
  if (build.noCache === true) groups.push({ args: ['--no-cache'], pointer: bp('no_cache') });
  if (build.pull === true) groups.push({ args: ['--pull=always'], pointer: bp('pull') });
  build.cacheFrom.forEach((c, i) => groups.push({ args: ['--cache-from', c], pointer: pointerJoin(bp('cache_from'), i) }));
  build.cacheTo.forEach((c, i) => groups.push({ args: ['--cache-to', c], pointer: pointerJoin(bp('cache_to'), i) }));
  for (const [k, v] of build.additionalContexts) groups.push({ args: ['--build-context', `${k}=${v}`], pointer: pointerJoin(bp('additional_contexts'), k) });
  // The container runs one image: build the platform it asks for, else the first one listed.
  const platform = service.platform !== undefined && build.platforms.includes(service.platform) ? service.platform : build.platforms[0];
  if (platform !== undefined) groups.push({ args: ['--platform', platform], pointer: pointerJoin(bp('platforms'), Math.max(0, build.platforms.indexOf(platform))) });
  build.secrets.forEach((s, i) => {
    const secret = ctx.project.secrets.get(s.source);
    const at = pointerJoin(bp('secrets'), i);
    if (secret?.source.kind === 'file') groups.push({ args: ['--secret', `id=${s.source},src=${secret.source.path}`], pointer: at });
    else {
      // podman build reads env= secrets from its own environment, which would put the value in the unit file.
      ctx.report(planCodes.buildSecretIgnored, `service \`${service.name}\`: build secret \`${s.source}\` is not a file, so it is not passed to podman build`, at, {
        help: 'declare the secret with `file:` to use it in a build',
      });
    }
  });
  groups.push({ args: [build.context], pointer: bp('context') });

  if (policy === 'build') {
    d.note('Service', 'pull_policy: build: build on every start.');
    d.exec('ExecStart', groups, 'build command');
  } else {
    d.note('Service', 'Build only when the image is missing ($0 is the image, "$@" the build command).');
    d.exec('ExecStart', [{ args: ['/bin/sh', '-c', unlessExists('image')] }, { args: [image], pointer: pointerJoin(service.pointer, 'image') }, ...groups], 'build command');
  }
  return d.build();
}
