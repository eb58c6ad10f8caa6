// Podman facts: where the Quadlet output (`--format quadlet`) puts a compose key, for the Quadlet column of
// docs/compose-support.md and the support check. A key that becomes a `podman run` flag follows from that flag
// (runFlagPart: CONTAINER_KEYS and containerKeyFor); QUADLET_FATES names the rest by compose key, and a key below
// one of its entries shares the entry's fate. Versions come from capabilities.ts. Pure data; no codes.
import { CAPABILITIES, supports, type Feature } from './capabilities.js';
import { CONTAINER_KEYS, containerKeyFor, SECURITY_OPT_KEYS } from './quadlet-keys.js';
import { compareVersions, parsePodmanVersion } from './version.js';

/** One way the Quadlet output carries a key. */
export interface QuadletPart {
  /** What carries it, as Markdown: a key (`` `HealthCmd=` ``, `` `[Network] Driver=` ``), a file, a directive. */
  readonly carrier: string;
  /** The first podman version with the carrier: 4.4 (the first with Quadlet) or later. */
  readonly since: string;
  /** What carries the key on a podman older than `since` (`` `PodmanArgs=` ``, a plain unit). */
  readonly before?: string;
  /** Nothing carries it on an older podman: converting with --format quadlet is refused there. */
  readonly refusedBefore?: boolean;
  /** The Quadlet key or feature the part rests on, when it is one of the capability table. */
  readonly feature?: Feature;
}

/** Where a key goes: the parts that carry it, or a note for a key that shapes no file (`when the files are loaded`). */
export type QuadletFate = { readonly parts: readonly QuadletPart[] } | { readonly note: string };

export const QUADLET_SINCE = CAPABILITIES.quadlet.since;
const PODMAN_ARGS = '`PodmanArgs=`';
const PLAIN_UNIT = 'a plain unit';

/** The later of two versions. */
function later(a: string, b: string): string {
  return compareVersions(parsePodmanVersion(a)!, parsePodmanVersion(b)!) >= 0 ? a : b;
}

/**
 * A key of the capability table (`quadlet:Build.File`), in a file the output writes only from `gate` on: the part
 * is usable from the later of the two, and before it `before` carries the key.
 */
function key(feature: Feature & `quadlet:${string}`, before?: string, gate?: Feature): QuadletPart {
  const [section, name] = feature.slice('quadlet:'.length).split('.') as [string, string];
  const since = gate === undefined ? CAPABILITIES[feature].since : later(CAPABILITIES[feature].since, CAPABILITIES[gate].since);
  return { carrier: section === 'Container' ? `\`${name}=\`` : `\`[${section}] ${name}=\``, since, feature, ...(before !== undefined ? { before } : {}) };
}

/** A file type or behaviour of the capability table. */
function feature(f: Feature, carrier: string, before: string | 'refused'): QuadletPart {
  return { carrier, since: CAPABILITIES[f].since, feature: f, ...(before === 'refused' ? { refusedBefore: true } : { before }) };
}

/** A systemd directive the output writes itself, on every podman with Quadlet. */
export function directive(carrier: string): QuadletPart {
  return { carrier, since: QUADLET_SINCE };
}

/** Every version the capability table names from Quadlet's first on, oldest first: where a key can change. */
const VERSIONS: readonly string[] = [...new Set(Object.values(CAPABILITIES).map((c) => c.since))]
  .filter((v) => supports(v, 'quadlet'))
  .sort((a, b) => compareVersions(parsePodmanVersion(a)!, parsePodmanVersion(b)!));

/** The [Container] key that carries a `podman run` flag from the first version containerKeyFor gives it, else PodmanArgs=. */
export function runFlagPart(flag: string): QuadletPart {
  const k = CONTAINER_KEYS.get(flag);
  const since = k === undefined ? undefined : VERSIONS.find((v) => containerKeyFor(flag, undefined, v) !== undefined);
  if (k === undefined || since === undefined) return { carrier: PODMAN_ARGS, since: QUADLET_SINCE, feature: 'quadlet:Container.PodmanArgs' };
  const carrier = k.mode === 'switch' && k.value !== undefined ? `\`${k.key}=${k.value}\`` : `\`${k.key}=\``;
  return { carrier, since, feature: `quadlet:Container.${k.key}` as Feature, before: PODMAN_ARGS };
}

const parts = (...list: QuadletPart[]): QuadletFate => ({ parts: list });
const note = (text: string): QuadletFate => ({ note: text });

const S = 'services.*';
const LOADING = note('when the files are loaded');
const NETWORK = 'quadlet:Network.NetworkName' as const;
const VOLUME = 'quadlet:Volume.VolumeName' as const;
const BUILD_ARGS = key('quadlet:Build.PodmanArgs', undefined, 'quadlet-build');
const TEMPLATE = feature('quadlet-template', 'a template `<project>-<service>@.container`', 'refused');
const EXTERNAL = parts(directive('`ExecStartPre=` checks that it exists'));

/** Compose key -> its fate in the Quadlet output, for the keys that do not follow from a `podman run` flag. */
export const QUADLET_FATES: ReadonlyMap<string, QuadletFate> = new Map<string, QuadletFate>([
  ['name', note('the prefix of every file name')],
  ['include', LOADING],
  ['services', parts(feature('quadlet', 'one `<project>-<service>.container` per service', 'refused'))],
  ['networks', parts({ ...key(NETWORK, PLAIN_UNIT), carrier: 'a `<project>-<network>.network` file' })],
  ['volumes', parts({ ...key(VOLUME, PLAIN_UNIT), carrier: 'a `<project>-<volume>.volume` file' })],
  ['secrets', note('not in Quadlet: a plain unit creates the podman secret')],
  ['configs', parts(runFlagPart('--volume'))],
  ['configs.*.content', parts(directive('`ExecStartPre=` writes the file'), runFlagPart('--volume'))],
  ['configs.*.environment', parts(directive('`ExecStartPre=` writes the file'), runFlagPart('--volume'))],

  [`${S}.image`, parts(key('quadlet:Container.Image'))],
  [`${S}.build`, parts(feature('quadlet-build', 'a `<project>-<service>.build` file', PLAIN_UNIT))],
  [`${S}.build.context`, parts(key('quadlet:Build.SetWorkingDirectory', undefined, 'quadlet-build'))],
  [`${S}.build.dockerfile`, parts(key('quadlet:Build.File', undefined, 'quadlet-build'))],
  [`${S}.build.dockerfile_inline`, note('not in Quadlet: a plain unit builds the image (it reads the text on standard input)')],
  [`${S}.build.args`, parts(key('quadlet:Build.BuildArg', '`[Build] PodmanArgs=`', 'quadlet-build'))],
  [`${S}.build.labels`, parts(key('quadlet:Build.Label', undefined, 'quadlet-build'))],
  [`${S}.build.network`, parts(key('quadlet:Build.Network', undefined, 'quadlet-build'))],
  [`${S}.build.pull`, parts(key('quadlet:Build.Pull', '`[Build] PodmanArgs=`', 'quadlet-build'))],
  [`${S}.build.target`, parts(key('quadlet:Build.Target', undefined, 'quadlet-build'))],
  [`${S}.build.tags`, parts(feature('quadlet-build-tags', '`[Build] ImageTag=`', '`[Build] PodmanArgs=`'))],
  ...['cache_from', 'cache_to', 'no_cache', 'additional_contexts', 'shm_size', 'extra_hosts', 'secrets', 'platforms'].map((k) => [`${S}.build.${k}`, parts(BUILD_ARGS)] as const),
  [
    `${S}.pull_policy`,
    parts(
      feature('quadlet-image', 'a `<project>-<service>.image` file', PLAIN_UNIT),
      { ...key('quadlet:Image.Policy', '`ExecCondition=`'), carrier: '`missing`: `[Image] Policy=`' },
      { ...key('quadlet:Container.Pull', PODMAN_ARGS), carrier: '`never`: `Pull=`' },
    ),
  ],
  [`${S}.profiles`, LOADING],
  [`${S}.command`, parts(key('quadlet:Container.Exec'))],
  [`${S}.extends`, LOADING],
  [`${S}.env_file.required`, LOADING],
  [`${S}.depends_on.*.condition`, parts(feature('quadlet-notify-healthy', 'healthy: `Notify=healthy`', '`ExecStartPost=` polls the health check'), directive('exited 0: `[Service] Type=oneshot`'))],
  [`${S}.scale`, parts(TEMPLATE)],
  [`${S}.deploy.replicas`, parts(TEMPLATE)],
  [`${S}.deploy.mode`, note('`replicated`: see `deploy.replicas`')],
  [`${S}.healthcheck`, parts({ ...runFlagPart('--health-cmd'), carrier: '`HealthCmd=` and the other `Health*=` keys' })],
  [`${S}.links`, parts(runFlagPart('--network'), directive('`After=`'))],
  [
    `${S}.security_opt`,
    parts(
      ...SECURITY_OPT_KEYS.map(({ example, key: k }) => ({ ...key(`quadlet:Container.${k.key}` as Feature & `quadlet:${string}`, PODMAN_ARGS), carrier: `\`${example}\`: \`${k.key}=\`` })),
      { ...runFlagPart('--security-opt'), carrier: `other values: ${PODMAN_ARGS}` },
    ),
  ],
  [`${S}.post_start`, parts(directive('`[Service] ExecStartPost=` runs `podman exec`'))],
  [`${S}.pre_stop`, parts(directive('`[Service] ExecStop=-` runs `podman exec`, before Quadlet\'s stop line'))],
  [`${S}.pre_start`, parts(directive('`[Service] ExecStartPre=` runs `podman run --rm`'))],
  [`${S}.volumes.bind.create_host_path`, parts(directive('`ExecStartPre=` creates the directory'))],
  [`${S}.configs.mode`, parts(directive('`ExecStartPre=` writes the file'))],

  ['networks.*.name', parts(key(NETWORK, PLAIN_UNIT))],
  ['networks.*.driver', parts(key('quadlet:Network.Driver', PLAIN_UNIT, NETWORK))],
  ['networks.*.driver_opts', parts(key('quadlet:Network.Options', PLAIN_UNIT, NETWORK))],
  ['networks.*.ipam.driver', parts(key('quadlet:Network.IPAMDriver', PLAIN_UNIT, NETWORK))],
  ['networks.*.ipam.config', parts(key('quadlet:Network.Subnet', PLAIN_UNIT, NETWORK))],
  ['networks.*.ipam.config.ip_range', parts(key('quadlet:Network.IPRange', PLAIN_UNIT, NETWORK))],
  ['networks.*.ipam.config.gateway', parts(key('quadlet:Network.Gateway', PLAIN_UNIT, NETWORK))],
  ['networks.*.external', EXTERNAL],
  ['networks.*.internal', parts(key('quadlet:Network.Internal', PLAIN_UNIT, NETWORK))],
  ['networks.*.enable_ipv6', parts(key('quadlet:Network.IPv6', PLAIN_UNIT, NETWORK))],
  ['networks.*.labels', parts(key('quadlet:Network.Label', PLAIN_UNIT, NETWORK))],

  ['volumes.*.name', parts(key(VOLUME, PLAIN_UNIT))],
  ['volumes.*.driver', parts(key('quadlet:Volume.Driver', `\`[Volume] PodmanArgs=\`, before ${CAPABILITIES[VOLUME].since} a plain unit`, VOLUME))],
  ['volumes.*.driver_opts', parts(key('quadlet:Volume.PodmanArgs', PLAIN_UNIT, VOLUME))],
  ['volumes.*.external', EXTERNAL],
  ['volumes.*.labels', parts(key('quadlet:Volume.Label', PLAIN_UNIT, VOLUME))],

  ...['docker_compose_compat', 'name_separator_compat', 'default_net_name_compat', 'default_net_behavior_compat'].map((k) => [`x-podman.${k}`, note('as in plain units')] as const),
  ['x-podman.in_pod', parts(feature('quadlet-pod', 'with `--pod`: a `<project>.pod` file and `Pod=`', 'refused'))],
]);
