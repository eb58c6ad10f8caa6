// Stage 9, plan: the planner's options and its output, a ProjectPlan: what the project needs, decided once for
// every output format (which units run which service and how each waits, which resources exist, the pod).
// How an output spells it (podman run argv, Quadlet keys, Kubernetes objects) is src/output's. Codes: none.
import type { DependencyGraph, Edge } from '../graph/dependency-graph.js';
import type { Build, ComposeProject, Network, Secret, Service, ValueSource, Volume } from '../model/types.js';
import { DEFAULT_PODMAN_VERSION } from '../podman/capabilities.js';
import type { Pointer } from '../source/origins.js';
import type { HealthWait } from './health-wait.js';
import type { RestartPolicy } from './restart-policy.js';
import type { ServiceRole } from './service-roles.js';

export interface PlanOptions {
  /** The podman version the output must run on, `X.Y` or `X.Y.Z`; already validated by the caller. */
  readonly podmanVersion: string;
  /** Run every service in one pod. */
  readonly pod: boolean;
  /** User units (`WantedBy=default.target`) or system units (`WantedBy=multi-user.target`). */
  readonly scope: 'user' | 'system';
  /** Compose file names relative to the project directory, for file headers. */
  readonly sources: readonly string[];
  /** Absolute path of the podman binary written into every command. */
  readonly podman: string;
  /** `podman auto-update` policy for every service that does not choose its own (`io.containers.autoupdate`). */
  readonly autoUpdate?: 'registry' | 'local';
}

export const DEFAULT_PODMAN_PATH = '/usr/bin/podman';

/** Options with defaults for the ones not given (podman 4.3, no pod, user scope, /usr/bin/podman). */
export function planOptions(options: Partial<PlanOptions> = {}): PlanOptions {
  return {
    podmanVersion: options.podmanVersion ?? DEFAULT_PODMAN_VERSION,
    pod: options.pod ?? false,
    scope: options.scope ?? 'user',
    sources: options.sources ?? [],
    podman: options.podman ?? DEFAULT_PODMAN_PATH,
    ...(options.autoUpdate !== undefined ? { autoUpdate: options.autoUpdate } : {}),
  };
}

/** Where a service's image comes from: pulled (per `pull_policy`) or built (`build:`). */
export type ImageSource =
  | { readonly kind: 'pull'; readonly ref: string; readonly policy: 'missing' | 'always' | 'never' }
  | { readonly kind: 'build'; readonly ref: string; readonly build: Build; readonly policy: 'missing' | 'build' };

/** A file the service's container mounts that must be written on the host first (inline and environment configs). */
export interface ConfigFile {
  /** Key under the top-level `configs:`; the host path is built from it, never from the config's `name:`. */
  readonly config: string;
  readonly path: string;
  readonly content: string;
  readonly mode: number;
  /**
   * The content came from variables or the environment: it is installed in the private folder (only the
   * units' owner may list it) instead of being written by a start step that would carry it on a command line.
   */
  readonly sensitive: boolean;
}

/** An environment value that may not be written into a unit, and where it came from (for redacted output). */
export interface PrivateValue {
  readonly key: string;
  readonly value: string;
  readonly source: ValueSource;
}

/** What a service needs to exist before its container starts, in the order the service names them. */
export interface ServiceNeeds {
  /** Keys of `project.networks` the container (or, in a pod, the pod) joins. */
  readonly networks: readonly string[];
  /** Keys of `project.volumes` the container mounts. */
  readonly volumes: readonly string[];
  /** Keys of `project.secrets` the container mounts. */
  readonly secrets: readonly string[];
  readonly configFiles: readonly ConfigFile[];
  /** Bind-mount sources to create as directories when missing (compose's short syntax creates them). */
  readonly hostDirectories: readonly string[];
  /** Services whose containers must exist first (network_mode/ipc/pid `service:`, volumes_from, links). */
  readonly services: readonly string[];
}

export interface ServicePlan {
  readonly service: Service;
  readonly role: ServiceRole;
  readonly image: ImageSource;
  /** The container name; a template's holds the instance placeholder (see unit-names.ts). */
  readonly containerName: string;
  readonly needs: ServiceNeeds;
  /** The environment values that did not come from the compose file itself, in `environment` order. */
  readonly privateEnv: readonly PrivateValue[];
  /** depends_on edges from this service to active services, in the graph's order. */
  readonly dependsOn: readonly Edge[];
  readonly restart: RestartPolicy;
  /** How long a `service_healthy` dependent waits for it; set when the service is health-gated. */
  readonly health?: HealthWait;
  /** Seconds the container gets to stop (`stop_grace_period`, docker's 10 s by default). */
  readonly stopGraceSec: number;
}

/** A value the pod carries for every container in it, and where the compose file set it. */
export interface PodValue {
  readonly value: string;
  readonly pointer?: Pointer;
}

export interface PodPlan {
  /** The pod's name (the project name). */
  readonly name: string;
  /** Network keys the pod joins. */
  readonly networks: readonly string[];
  /** Every published port of every service, as compose's long form. */
  readonly ports: readonly Service['ports'][number][];
  /** `name:ip` host entries: every service name resolves to the pod itself, then each service's extra_hosts. */
  readonly hosts: readonly PodValue[];
  readonly dns: readonly PodValue[];
  readonly dnsSearch: readonly PodValue[];
  readonly dnsOptions: readonly PodValue[];
  /** Some service runs as a one-shot job in the pod: its exit must not stop the pod. */
  readonly hasJob: boolean;
  /** The longest stop grace period of its containers, in seconds. */
  readonly stopGraceSec: number;
}

export interface ProjectPlan {
  readonly project: ComposeProject;
  readonly graph: DependencyGraph;
  readonly options: PlanOptions;
  /** Active services that have an image, in the graph's start order. */
  readonly services: readonly ServicePlan[];
  /** Every active service's role by name (also those planned without an image). */
  readonly roles: ReadonlyMap<string, ServiceRole>;
  /** Networks some service (or the pod) joins, external ones included, by key. */
  readonly networks: readonly Network[];
  /** Named volumes some service mounts, external ones included, by key. */
  readonly volumes: readonly Volume[];
  /** Secrets some service mounts, by key. */
  readonly secrets: readonly Secret[];
  readonly pod?: PodPlan;
}
