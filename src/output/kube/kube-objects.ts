// Stage 10, output `kube`: the Kubernetes objects this output writes, as plain data (the subset of the API's
// fields it fills, named as the API names them). Built by the kube builders, written by kube-yaml.ts. No codes.

export type Labels = Readonly<Record<string, string>>;

export interface ObjectMeta {
  readonly name: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
}

export interface KeyToPath {
  readonly key: string;
  readonly path: string;
  readonly mode?: number;
}

export interface Volume {
  readonly name: string;
  readonly persistentVolumeClaim?: { readonly claimName: string; readonly readOnly?: boolean };
  readonly hostPath?: { readonly path: string; readonly type?: string };
  readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: string };
  readonly configMap?: { readonly name: string; readonly items: readonly KeyToPath[]; readonly defaultMode?: number };
  readonly secret?: { readonly secretName: string; readonly items: readonly KeyToPath[]; readonly defaultMode?: number };
  readonly image?: { readonly reference: string; readonly pullPolicy?: string };
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly subPath?: string;
  readonly readOnly?: boolean;
  readonly mountPropagation?: string;
}

/** A value written in the compose file (`value`), or one that is not public there, read from a Secret. */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

export interface ContainerPort {
  readonly containerPort: number;
  readonly name?: string;
  readonly protocol: string;
  readonly hostPort?: number;
  readonly hostIP?: string;
}

export interface Probe {
  readonly exec: { readonly command: readonly string[] };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
}

export interface SecurityContext {
  readonly runAsUser?: number;
  readonly seccompProfile?: { readonly type: 'Unconfined' | 'RuntimeDefault' | 'Localhost'; readonly localhostProfile?: string };
  readonly appArmorProfile?: { readonly type: 'Unconfined' | 'RuntimeDefault' | 'Localhost'; readonly localhostProfile?: string };
  readonly seLinuxOptions?: { readonly user?: string; readonly role?: string; readonly type?: string; readonly level?: string };
  readonly runAsGroup?: number;
  readonly privileged?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
}

/** A container lifecycle handler: only the exec kind is written. */
export interface LifecycleHandler {
  readonly exec: { readonly command: readonly string[] };
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly env?: readonly EnvVar[];
  readonly ports?: readonly ContainerPort[];
  readonly resources?: { readonly limits?: Labels; readonly requests?: Labels };
  readonly volumeMounts?: readonly VolumeMount[];
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly lifecycle?: { readonly postStart?: LifecycleHandler; readonly preStop?: LifecycleHandler };
  readonly securityContext?: SecurityContext;
  readonly tty?: boolean;
  readonly stdin?: boolean;
}

export interface PodSpec {
  readonly hostname?: string;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly nodeSelector?: Labels;
  readonly runtimeClassName?: string;
  readonly terminationGracePeriodSeconds?: number;
  readonly securityContext?: {
    readonly supplementalGroups?: readonly number[];
    readonly sysctls?: readonly { readonly name: string; readonly value: string }[];
  };
  readonly dnsConfig?: {
    readonly nameservers?: readonly string[];
    readonly searches?: readonly string[];
    readonly options?: readonly { readonly name: string; readonly value?: string }[];
  };
  readonly hostAliases?: readonly { readonly ip: string; readonly hostnames: readonly string[] }[];
  readonly initContainers?: readonly Container[];
  readonly containers: readonly Container[];
  readonly volumes?: readonly Volume[];
}

export interface Deployment {
  readonly apiVersion: 'apps/v1';
  readonly kind: 'Deployment';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly replicas: number;
    readonly selector: { readonly matchLabels: Labels };
    readonly strategy?: { readonly type: 'Recreate' };
    readonly template: { readonly metadata: { readonly labels: Labels; readonly annotations?: Labels }; readonly spec: PodSpec };
  };
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: string;
  readonly appProtocol?: string;
}

export interface Service {
  readonly apiVersion: 'v1';
  readonly kind: 'Service';
  readonly metadata: ObjectMeta;
  readonly spec: { readonly clusterIP?: 'None'; readonly selector: Labels; readonly ports?: readonly ServicePort[] };
}

export interface PersistentVolumeClaim {
  readonly apiVersion: 'v1';
  readonly kind: 'PersistentVolumeClaim';
  readonly metadata: ObjectMeta;
  readonly spec: { readonly accessModes: readonly string[]; readonly resources: { readonly requests: { readonly storage: string } } };
}

export interface ConfigMap {
  readonly apiVersion: 'v1';
  readonly kind: 'ConfigMap';
  readonly metadata: ObjectMeta;
  readonly data?: Labels;
  readonly binaryData?: Labels;
}

/** Only in private files (mode 0600), never in the manifests: its values are not public in the compose file. */
export interface Secret {
  readonly apiVersion: 'v1';
  readonly kind: 'Secret';
  readonly metadata: ObjectMeta;
  readonly type: 'Opaque';
  /** base64 values; the redacted form shows `stringData` with where each value comes from instead. */
  readonly data?: Labels;
  readonly stringData?: Labels;
}

export type KubeObject = Deployment | Service | PersistentVolumeClaim | ConfigMap | Secret;
