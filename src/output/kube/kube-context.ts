// Stage 10, output `kube`: what every Kubernetes builder shares: the output context (plan, diagnostics), the
// inputs read for it (config files), the names of the project's objects, and the pod volumes under
// construction. Reports C754 (a name changed) and C755 (a name clash) through `names`.
import type { Config, Secret, Volume as ComposeVolume } from '../../model/types.js';
import { pointerJoin } from '../../source/origins.js';
import { OutputContext } from '../shared/output-context.js';
import type { ProjectPlan } from '../../plan/plan.js';
import { kubeCodes } from './codes.js';
import type { Volume } from './kube-objects.js';
import { kubeName, projectObjectName, serviceDnsName } from './kube-names.js';

/** What the Kubernetes output reads besides the plan. */
export interface KubeInputs {
  /** The bytes of each config file (`configs.*.file`) by absolute path; undefined: it could not be read. */
  readonly configFiles?: ReadonlyMap<string, Uint8Array | undefined>;
  /** The image of the init containers that wait for a `service_healthy` dependency (it needs `sh` and `nc`). */
  readonly waitImage?: string;
}

export const DEFAULT_WAIT_IMAGE = 'docker.io/library/busybox:1.37';

export class KubeContext extends OutputContext {
  readonly part: string;
  readonly waitImage: string;
  /** Keys of the configs whose content came from variables: a Secret, not a ConfigMap (private-secrets.ts). */
  readonly privateConfigs: ReadonlySet<string>;

  constructor(
    plan: ProjectPlan,
    readonly inputs: KubeInputs,
  ) {
    super(plan);
    this.part = kubeName(plan.project.name);
    this.waitImage = inputs.waitImage ?? DEFAULT_WAIT_IMAGE;
    this.privateConfigs = new Set(plan.services.flatMap((sp) => sp.needs.configFiles.filter((f) => f.sensitive).map((f) => f.config)));
  }

  /** The labels that select a service's pods: stable, so a Deployment's (immutable) selector never changes. */
  selector(service: string): Record<string, string> {
    return { 'app.kubernetes.io/name': serviceDnsName(service), 'app.kubernetes.io/part-of': this.part };
  }

  /** The recommended labels every object of the project carries. */
  commonLabels(name: string): Record<string, string> {
    return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': this.part, 'app.kubernetes.io/managed-by': 'compose2systemd' };
  }

  /** The Deployment of a service: named after the project too, since podman names its pod after it host-wide. */
  deploymentName(service: string): string {
    return projectObjectName(this.project.name, service);
  }

  claimName(v: ComposeVolume): string {
    if (v.external) return v.name;
    return v.keys.has('name') ? kubeName(v.name) : projectObjectName(this.project.name, v.key);
  }

  configMapName(c: Config): string {
    return c.keys.has('name') ? kubeName(c.name) : projectObjectName(this.project.name, c.key);
  }

  secretName(s: Secret): string {
    if (s.source.kind === 'external') return s.name;
    return s.keys.has('name') ? kubeName(s.name) : projectObjectName(this.project.name, s.key);
  }

  /** Reports names of one kind that two compose objects share after conversion (C755). */
  checkDistinct(kind: string, entries: readonly { readonly name: string; readonly pointer: string }[]): void {
    const seen = new Map<string, string>();
    for (const e of entries) {
      const first = seen.get(e.name);
      if (first === undefined) {
        seen.set(e.name, e.pointer);
        continue;
      }
      this.report(kubeCodes.nameClash, `two ${kind}s would be named \`${e.name}\``, e.pointer, {
        atKey: true,
        related: [{ pointer: first, message: 'the other one', atKey: true }],
        help: 'Kubernetes names are lower case letters, digits and `-`: rename one of them',
      });
    }
  }

  /** C754 when a service is reached by a different host name than under compose. */
  checkServiceName(service: string, pointer: string): void {
    const dns = serviceDnsName(service);
    if (dns === service) return;
    this.report(kubeCodes.nameChanged, `service \`${service}\` is reached as \`${dns}\` in Kubernetes and with podman kube play`, pointer, {
      atKey: true,
      help: 'Service and container names are lower case letters, digits and `-`, starting with a letter: rename the service to keep its host name',
    });
  }

  at(base: string, ...keys: (string | number)[]): string {
    return keys.reduce<string>((p, k) => pointerJoin(p, k), base);
  }
}

/** The volumes of one pod: each source once, under a name unique in the pod. */
export class PodVolumes {
  private readonly byName = new Map<string, Volume>();
  private readonly bySource = new Map<string, string>();

  /** The pod volume for `source` (a key that identifies what is mounted), added under `preferred` if new. */
  add(source: string, preferred: string, make: (name: string) => Volume): string {
    const known = this.bySource.get(source);
    if (known !== undefined) return known;
    const base = kubeName(preferred) || 'volume';
    let name = base;
    for (let i = 2; this.byName.has(name); i++) name = `${base.slice(0, 60)}-${i}`;
    this.byName.set(name, make(name));
    this.bySource.set(source, name);
    return name;
  }

  list(): Volume[] {
    return [...this.byName.values()];
  }

  claims(): boolean {
    return [...this.byName.values()].some((v) => v.persistentVolumeClaim !== undefined);
  }
}
