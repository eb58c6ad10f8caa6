// Podman capability table: feature name -> first podman version that has it. Pure; the planner asks
// `supports(version, feature)` and reports its own diagnostic when a needed feature is missing.
// Sources: shared/reference/podman-and-systemd.md, podman's man pages, release notes and pull requests.
import { InternalError } from '../diagnostics/diagnostic.js';
import { compareVersions, parsePodmanVersion, type PodmanVersion } from './version.js';

/** The version the planner assumes when the user names none: Debian 12's podman (4.3.1). */
export const DEFAULT_PODMAN_VERSION = '4.3';

/**
 * The oldest version this table describes. Features marked with it predate 4.0; nothing older is claimed
 * (the tool does not target podman 3).
 */
export const OLDEST_DESCRIBED_VERSION = '4.0';

/** The newest version this table describes: what a later podman adds is not used. */
export const NEWEST_DESCRIBED_VERSION = '6.0';

export interface Capability {
  /** First podman version with the feature, `X.Y` (`X.Y.Z` where a patch release fixed it). */
  readonly since: string;
  /** What the feature is, for messages such as "needs podman >= 4.6 for ...". */
  readonly what: string;
}

/**
 * The one table. Command features are named after the command; Quadlet keys are `quadlet:Section.Key`.
 * Keys of the 4.4 Quadlet baseline come from podman-systemd.unit(5) as of the 4.4 development window;
 * RemapUsers/RemapUid/RemapGid/RemapUidSize are left out on purpose (replaced by UserNS= in 4.5).
 */
export const CAPABILITIES = {
  // podman commands and flags
  'run-sdnotify-conmon': { since: '4.0', what: '`podman run --sdnotify=conmon|container`' },
  'healthcheck-run': { since: '4.0', what: '`podman healthcheck run NAME` (exit 0 healthy, 1 unhealthy)' },
  'network-exists': { since: '4.0', what: '`podman network exists NAME`' },
  'volume-exists': { since: '4.0', what: '`podman volume exists NAME`' },
  // PRs containers/podman#16243 (volume, Oct 2022) and #16773 (network, Dec 2022) landed after the 4.3
  // branch; Debian's 4.3.1 lacks both flags and 4.4.0 (Feb 2023) is the next minor release.
  'network-create-ignore': { since: '4.4', what: '`podman network create --ignore`' },
  'volume-create-ignore': { since: '4.4', what: '`podman volume create --ignore`' },
  'wait-condition-healthy': { since: '4.6', what: '`podman wait --condition=healthy`' },
  'run-sdnotify-healthy': { since: '5.0', what: '`podman run --sdnotify=healthy` (READY once the health check passes)' },

  // systemd, which the tool does not see: assumed from the podman the distribution ships with it. Every podman 5
  // distribution release has systemd 254 or later (Debian 13, Fedora 40, Ubuntu 24.10) except RHEL 9 (podman 5,
  // systemd 252), where systemd ignores the key with a log line and the C724 case applies silently.
  'systemd-restart-mode-direct': { since: '5.0', what: 'systemd `RestartMode=direct` (systemd 254; assumed with podman 5)' },

  // Quadlet file types and behaviour
  quadlet: { since: '4.4', what: 'Quadlet (`.container`, `.volume`, `.network`, `.kube` files)' },
  'quadlet-image': { since: '4.8', what: 'Quadlet `.image` files' },
  'quadlet-pod': { since: '5.0', what: 'Quadlet `.pod` files and `Pod=`' },
  'quadlet-notify-healthy': { since: '5.0', what: 'Quadlet `Notify=healthy`' },
  'quadlet-build': { since: '5.2', what: 'Quadlet `.build` files' },
  // podman 5.2's generator passed only the last ImageTag= to `podman build` (issue containers/podman#23781).
  'quadlet-build-tags': { since: '5.3', what: 'several Quadlet [Build] ImageTag= lines (before, the last one wins)' },
  'quadlet-after-container-rewrite': { since: '5.5', what: 'Quadlet rewriting `After=x.container` to `x.service`' },
  'quadlet-install': { since: '5.6', what: '`podman quadlet install`' },
  'quadlet-template': { since: '5.0', what: 'Quadlet template files (`name@.container`)' },
  'quadlet-publish-raw': { since: '5.3', what: 'Quadlet PublishPort= taken as written (before, it is parsed and rebuilt)' },
  'quadlet-ulimit-repeat': { since: '5.0', what: 'several Quadlet Ulimit= lines (before, the last one wins)' },
  'quadlet-artifact': { since: '5.7', what: 'Quadlet `.artifact` files' },
  'quadlet-bundle': { since: '5.8', what: '`podman quadlet install` of a multi-unit `.quadlets` file' },
  // podman 6.0 removed slirp4netns, CNI, cgroups v1, BoltDB and iptables (release notes)
  'network-slirp4netns-removed': { since: '6.0', what: 'the removal of slirp4netns networking' },

  // [Container], 4.4 baseline
  'quadlet:Container.Image': { since: '4.4', what: 'Quadlet [Container] Image=' },
  'quadlet:Container.ContainerName': { since: '4.4', what: 'Quadlet [Container] ContainerName=' },
  'quadlet:Container.Environment': { since: '4.4', what: 'Quadlet [Container] Environment=' },
  'quadlet:Container.EnvironmentFile': { since: '4.4', what: 'Quadlet [Container] EnvironmentFile=' },
  'quadlet:Container.EnvironmentHost': { since: '4.4', what: 'Quadlet [Container] EnvironmentHost=' },
  'quadlet:Container.Exec': { since: '4.4', what: 'Quadlet [Container] Exec=' },
  'quadlet:Container.User': { since: '4.4', what: 'Quadlet [Container] User=' },
  'quadlet:Container.Group': { since: '4.4', what: 'Quadlet [Container] Group=' },
  'quadlet:Container.NoNewPrivileges': { since: '4.4', what: 'Quadlet [Container] NoNewPrivileges=' },
  'quadlet:Container.DropCapability': { since: '4.4', what: 'Quadlet [Container] DropCapability=' },
  'quadlet:Container.AddCapability': { since: '4.4', what: 'Quadlet [Container] AddCapability=' },
  'quadlet:Container.ReadOnly': { since: '4.4', what: 'Quadlet [Container] ReadOnly=' },
  'quadlet:Container.SeccompProfile': { since: '4.4', what: 'Quadlet [Container] SeccompProfile=' },
  'quadlet:Container.Notify': { since: '4.4', what: 'Quadlet [Container] Notify=' },
  'quadlet:Container.Timezone': { since: '4.4', what: 'Quadlet [Container] Timezone=' },
  'quadlet:Container.RunInit': { since: '4.4', what: 'Quadlet [Container] RunInit=' },
  'quadlet:Container.VolatileTmp': { since: '4.4', what: 'Quadlet [Container] VolatileTmp=' },
  'quadlet:Container.Volume': { since: '4.4', what: 'Quadlet [Container] Volume=' },
  'quadlet:Container.Network': { since: '4.4', what: 'Quadlet [Container] Network=' },
  'quadlet:Container.ExposeHostPort': { since: '4.4', what: 'Quadlet [Container] ExposeHostPort=' },
  'quadlet:Container.PublishPort': { since: '4.4', what: 'Quadlet [Container] PublishPort=' },
  'quadlet:Container.AddDevice': { since: '4.4', what: 'Quadlet [Container] AddDevice=' },
  'quadlet:Container.PodmanArgs': { since: '4.4', what: 'Quadlet [Container] PodmanArgs=' },
  'quadlet:Container.Label': { since: '4.4', what: 'Quadlet [Container] Label=' },
  'quadlet:Container.Annotation': { since: '4.4', what: 'Quadlet [Container] Annotation=' },
  // [Container], later
  'quadlet:Container.HealthCmd': { since: '4.5', what: 'Quadlet [Container] HealthCmd=' },
  'quadlet:Container.HealthInterval': { since: '4.5', what: 'Quadlet [Container] HealthInterval=' },
  'quadlet:Container.HealthOnFailure': { since: '4.5', what: 'Quadlet [Container] HealthOnFailure=' },
  'quadlet:Container.HealthRetries': { since: '4.5', what: 'Quadlet [Container] HealthRetries=' },
  'quadlet:Container.HealthStartPeriod': { since: '4.5', what: 'Quadlet [Container] HealthStartPeriod=' },
  'quadlet:Container.HealthStartupCmd': { since: '4.5', what: 'Quadlet [Container] HealthStartupCmd=' },
  'quadlet:Container.HealthStartupInterval': { since: '4.5', what: 'Quadlet [Container] HealthStartupInterval=' },
  'quadlet:Container.HealthStartupRetries': { since: '4.5', what: 'Quadlet [Container] HealthStartupRetries=' },
  'quadlet:Container.HealthStartupSuccess': { since: '4.5', what: 'Quadlet [Container] HealthStartupSuccess=' },
  'quadlet:Container.HealthStartupTimeout': { since: '4.5', what: 'Quadlet [Container] HealthStartupTimeout=' },
  'quadlet:Container.HealthTimeout': { since: '4.5', what: 'Quadlet [Container] HealthTimeout=' },
  'quadlet:Container.Secret': { since: '4.5', what: 'Quadlet [Container] Secret=' },
  'quadlet:Container.Tmpfs': { since: '4.5', what: 'Quadlet [Container] Tmpfs=' },
  'quadlet:Container.UserNS': { since: '4.6', what: 'Quadlet [Container] UserNS=' },
  'quadlet:Container.LogDriver': { since: '4.5', what: 'Quadlet [Container] LogDriver=' },
  'quadlet:Container.HostName': { since: '4.6', what: 'Quadlet [Container] HostName=' },
  'quadlet:Container.Pull': { since: '4.6', what: 'Quadlet [Container] Pull=' },
  'quadlet:Container.Sysctl': { since: '4.6', what: 'Quadlet [Container] Sysctl=' },
  'quadlet:Container.WorkingDir': { since: '4.6', what: 'Quadlet [Container] WorkingDir=' },
  'quadlet:Container.AutoUpdate': { since: '4.6', what: 'Quadlet [Container] AutoUpdate=' },
  'quadlet:Container.DNS': { since: '4.7', what: 'Quadlet [Container] DNS=' },
  'quadlet:Container.DNSOption': { since: '4.7', what: 'Quadlet [Container] DNSOption=' },
  'quadlet:Container.DNSSearch': { since: '4.7', what: 'Quadlet [Container] DNSSearch=' },
  'quadlet:Container.PidsLimit': { since: '4.7', what: 'Quadlet [Container] PidsLimit=' },
  'quadlet:Container.ShmSize': { since: '4.7', what: 'Quadlet [Container] ShmSize=' },
  'quadlet:Container.Ulimit': { since: '4.7', what: 'Quadlet [Container] Ulimit=' },
  'quadlet:Container.GlobalArgs': { since: '4.8', what: 'Quadlet [Container] GlobalArgs=' },
  'quadlet:Container.ReadOnlyTmpfs': { since: '4.8', what: 'Quadlet [Container] ReadOnlyTmpfs=' },
  'quadlet:Container.UIDMap': { since: '4.8', what: 'Quadlet [Container] UIDMap=' },
  'quadlet:Container.Pod': { since: '5.0', what: 'Quadlet [Container] Pod=' },
  'quadlet:Container.Entrypoint': { since: '5.0', what: 'Quadlet [Container] Entrypoint=' },
  'quadlet:Container.StopTimeout': { since: '5.0', what: 'Quadlet [Container] StopTimeout=' },
  'quadlet:Container.GroupAdd': { since: '5.1', what: 'Quadlet [Container] GroupAdd=' },
  'quadlet:Container.NetworkAlias': { since: '5.2', what: 'Quadlet [Container] NetworkAlias=' },
  'quadlet:Container.LogOpt': { since: '5.2', what: 'Quadlet [Container] LogOpt=' },
  'quadlet:Container.StopSignal': { since: '5.2', what: 'Quadlet [Container] StopSignal=' },
  'quadlet:Container.AddHost': { since: '5.3', what: 'Quadlet [Container] AddHost=' },
  // The key is older, but older generators spell it `--security-opt label:disable`, not the `label=disable` a
  // service gives; used from 5.3 so the generated run line carries the value as given.
  'quadlet:Container.SecurityLabelDisable': { since: '5.3', what: 'Quadlet [Container] SecurityLabelDisable=' },
  'quadlet:Container.StartWithPod': { since: '5.3', what: 'Quadlet [Container] StartWithPod=' },
  'quadlet:Container.Memory': { since: '5.5', what: 'Quadlet [Container] Memory=' },
  'quadlet:Container.Retry': { since: '5.5', what: 'Quadlet [Container] Retry=' },
  'quadlet:Container.Mount': { since: '4.5', what: 'Quadlet [Container] Mount=' },
  'quadlet:Container.CgroupsMode': { since: '5.3', what: 'Quadlet [Container] CgroupsMode=' },
  'quadlet:Container.ServiceName': { since: '5.3', what: 'Quadlet [Container] ServiceName=' },
  'quadlet:Container.ReloadCmd': { since: '5.5', what: 'Quadlet [Container] ReloadCmd=' },
  'quadlet:Container.RetryDelay': { since: '5.5', what: 'Quadlet [Container] RetryDelay=' },
  'quadlet:Container.HttpProxy': { since: '5.7', what: 'Quadlet [Container] HttpProxy=' },
  'quadlet:Container.AppArmor': { since: '5.8', what: 'Quadlet [Container] AppArmor=' },

  // [Volume]
  'quadlet:Volume.User': { since: '4.4', what: 'Quadlet [Volume] User=' },
  'quadlet:Volume.Group': { since: '4.4', what: 'Quadlet [Volume] Group=' },
  'quadlet:Volume.Label': { since: '4.4', what: 'Quadlet [Volume] Label=' },
  'quadlet:Volume.VolumeName': { since: '4.7', what: 'Quadlet [Volume] VolumeName=' },
  'quadlet:Volume.GlobalArgs': { since: '4.8', what: 'Quadlet [Volume] GlobalArgs=' },
  'quadlet:Volume.Driver': { since: '4.8', what: 'Quadlet [Volume] Driver=' },
  'quadlet:Volume.PodmanArgs': { since: '4.6', what: 'Quadlet [Volume] PodmanArgs=' },
  'quadlet:Volume.UID': { since: '6.0', what: 'Quadlet [Volume] UID=' },
  'quadlet:Volume.GID': { since: '6.0', what: 'Quadlet [Volume] GID=' },

  // [Network]
  'quadlet:Network.DisableDNS': { since: '4.4', what: 'Quadlet [Network] DisableDNS=' },
  'quadlet:Network.Driver': { since: '4.4', what: 'Quadlet [Network] Driver=' },
  'quadlet:Network.Gateway': { since: '4.4', what: 'Quadlet [Network] Gateway=' },
  'quadlet:Network.Internal': { since: '4.4', what: 'Quadlet [Network] Internal=' },
  'quadlet:Network.IPRange': { since: '4.4', what: 'Quadlet [Network] IPRange=' },
  'quadlet:Network.IPAMDriver': { since: '4.4', what: 'Quadlet [Network] IPAMDriver=' },
  'quadlet:Network.IPv6': { since: '4.4', what: 'Quadlet [Network] IPv6=' },
  'quadlet:Network.Options': { since: '4.4', what: 'Quadlet [Network] Options=' },
  'quadlet:Network.Subnet': { since: '4.4', what: 'Quadlet [Network] Subnet=' },
  'quadlet:Network.Label': { since: '4.4', what: 'Quadlet [Network] Label=' },
  'quadlet:Network.NetworkName': { since: '4.7', what: 'Quadlet [Network] NetworkName=' },
  'quadlet:Network.GlobalArgs': { since: '4.8', what: 'Quadlet [Network] GlobalArgs=' },
  'quadlet:Network.PodmanArgs': { since: '4.6', what: 'Quadlet [Network] PodmanArgs=' },
  'quadlet:Network.NetworkDeleteOnStop': { since: '5.5', what: 'Quadlet [Network] NetworkDeleteOnStop=' },
  'quadlet:Network.InterfaceName': { since: '5.6', what: 'Quadlet [Network] InterfaceName=' },

  // [Image]: the keys of the first `.image` release, then later additions.
  'quadlet:Image.Image': { since: '4.8', what: 'Quadlet [Image] Image=' },
  'quadlet:Image.PodmanArgs': { since: '4.8', what: 'Quadlet [Image] PodmanArgs=' },
  'quadlet:Image.Policy': { since: '5.6', what: 'Quadlet [Image] Policy=' },
  // [Build]: the keys of the first `.build` release that a compose build needs, then later additions.
  'quadlet:Build.ImageTag': { since: '5.2', what: 'Quadlet [Build] ImageTag=' },
  'quadlet:Build.SetWorkingDirectory': { since: '5.2', what: 'Quadlet [Build] SetWorkingDirectory=' },
  'quadlet:Build.File': { since: '5.2', what: 'Quadlet [Build] File=' },
  'quadlet:Build.Target': { since: '5.2', what: 'Quadlet [Build] Target=' },
  'quadlet:Build.Label': { since: '5.2', what: 'Quadlet [Build] Label=' },
  'quadlet:Build.Network': { since: '5.2', what: 'Quadlet [Build] Network=' },
  // Before 5.3.2 the generator wrote `--pull VALUE`, which `podman build` reads as `--pull` and a second context
  // (issue containers/podman#24599).
  'quadlet:Build.Pull': { since: '5.3.2', what: 'Quadlet [Build] Pull= (written as `--pull=VALUE`)' },
  'quadlet:Build.PodmanArgs': { since: '5.2', what: 'Quadlet [Build] PodmanArgs=' },
  'quadlet:Build.BuildArg': { since: '5.7', what: 'Quadlet [Build] BuildArg=' },
  'quadlet:Build.IgnoreFile': { since: '5.7', what: 'Quadlet [Build] IgnoreFile=' },

  // [Kube]
  'quadlet:Kube.Yaml': { since: '4.4', what: 'Quadlet [Kube] Yaml=' },
  'quadlet:Kube.Network': { since: '4.4', what: 'Quadlet [Kube] Network=' },
  'quadlet:Kube.ConfigMap': { since: '4.4', what: 'Quadlet [Kube] ConfigMap=' },
  'quadlet:Kube.PublishPort': { since: '4.4', what: 'Quadlet [Kube] PublishPort=' },
  'quadlet:Kube.GlobalArgs': { since: '4.8', what: 'Quadlet [Kube] GlobalArgs=' },

  // [Pod]: the first .pod release's keys that a compose conversion needs, then later additions.
  'quadlet:Pod.PodName': { since: '5.0', what: 'Quadlet [Pod] PodName=' },
  'quadlet:Pod.PublishPort': { since: '5.0', what: 'Quadlet [Pod] PublishPort=' },
  'quadlet:Pod.Network': { since: '5.0', what: 'Quadlet [Pod] Network=' },
  'quadlet:Pod.Volume': { since: '5.0', what: 'Quadlet [Pod] Volume=' },
  'quadlet:Pod.AddHost': { since: '5.3', what: 'Quadlet [Pod] AddHost=' },
  'quadlet:Pod.PodmanArgs': { since: '5.0', what: 'Quadlet [Pod] PodmanArgs=' },
  'quadlet:Pod.NetworkAlias': { since: '5.2', what: 'Quadlet [Pod] NetworkAlias=' },
  'quadlet:Pod.DNS': { since: '5.3', what: 'Quadlet [Pod] DNS=' },
  'quadlet:Pod.DNSOption': { since: '5.3', what: 'Quadlet [Pod] DNSOption=' },
  'quadlet:Pod.DNSSearch': { since: '5.3', what: 'Quadlet [Pod] DNSSearch=' },
  'quadlet:Pod.ShmSize': { since: '5.4', what: 'Quadlet [Pod] ShmSize=' },
  'quadlet:Pod.HostName': { since: '5.5', what: 'Quadlet [Pod] HostName=' },
  'quadlet:Pod.Label': { since: '5.6', what: 'Quadlet [Pod] Label=' },
  'quadlet:Pod.ExitPolicy': { since: '5.6', what: 'Quadlet [Pod] ExitPolicy=' },
  'quadlet:Pod.StopTimeout': { since: '5.7', what: 'Quadlet [Pod] StopTimeout=' },

  // [Quadlet]
  'quadlet:Quadlet.DefaultDependencies': { since: '5.3', what: 'Quadlet [Quadlet] DefaultDependencies=' },
} as const satisfies Readonly<Record<string, Capability>>;

export type Feature = keyof typeof CAPABILITIES;

export type QuadletSection = 'Container' | 'Volume' | 'Network' | 'Kube' | 'Pod' | 'Image' | 'Build' | 'Quadlet';

/** A version given as text must already be valid; callers validate user input and report it themselves. */
function toVersion(version: PodmanVersion | string): PodmanVersion {
  if (typeof version !== 'string') return version;
  const parsed = parsePodmanVersion(version);
  if (!parsed) throw new InternalError(`invalid podman version ${JSON.stringify(version)} reached the capability table`);
  return parsed;
}

export function minimumVersion(feature: Feature): PodmanVersion {
  return toVersion(CAPABILITIES[feature].since);
}

export function supports(version: PodmanVersion | string, feature: Feature): boolean {
  return compareVersions(toVersion(version), minimumVersion(feature)) >= 0;
}

/** The feature name of a Quadlet key, or undefined when the table does not know the key. */
export function quadletKeyFeature(section: QuadletSection, key: string): Feature | undefined {
  const name = `quadlet:${section}.${key}`;
  return Object.hasOwn(CAPABILITIES, name) ? (name as Feature) : undefined;
}

/** Whether `version` understands `[section] key=`; false for keys the table does not know. */
export function supportsQuadletKey(version: PodmanVersion | string, section: QuadletSection, key: string): boolean {
  const feature = quadletKeyFeature(section, key);
  return feature !== undefined && supports(version, feature);
}

/** The features `version` lacks among `features`, in the given order (for one diagnostic listing them all). */
export function missingFeatures(version: PodmanVersion | string, features: readonly Feature[]): Feature[] {
  const v = toVersion(version);
  return features.filter((f) => !supports(v, f));
}
