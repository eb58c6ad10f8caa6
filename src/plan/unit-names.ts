// Stage 9, plan: the names of the units and containers of a project P (pure; the planner checks them, C703).
// Compose keys are limited to letters, digits and `._-`, which unit names accept unescaped, so names stay
// readable: `P-web.service`, not `P-web\x2d...`.
import { CONFIG_DIR, INSTANCE, RUNTIME_DIR } from '../systemd/unit-draft.js';

export function targetUnit(project: string): string {
  return `${project}.target`;
}

export function podUnit(project: string): string {
  return `${project}-pod.service`;
}

/** `P-web.service`, or the template `P-web@.service` for a service with replicas != 1. */
export function serviceUnit(project: string, service: string, template: boolean): string {
  return template ? `${project}-${service}@.service` : `${project}-${service}.service`;
}

/** The units that run a service: the plain unit, or instances 1..count of its template. */
export function serviceInstances(project: string, service: string, template: boolean, count: number): string[] {
  if (!template) return [serviceUnit(project, service, false)];
  return Array.from({ length: count }, (_, i) => `${project}-${service}@${i + 1}.service`);
}

export function networkUnit(project: string, key: string): string {
  return `${project}-${key}-network.service`;
}

export function volumeUnit(project: string, key: string): string {
  return `${project}-${key}-volume.service`;
}

export function imageUnit(project: string, service: string): string {
  return `${project}-${service}-image.service`;
}

export function buildUnit(project: string, service: string): string {
  return `${project}-${service}-build.service`;
}

/**
 * The container name, as docker compose names it (`P-web-1`); a template uses its instance number `%i`
 * (as a placeholder that the unit draft turns into `%i`).
 * `container_name` wins when set.
 */
export function containerName(project: string, service: string, template: boolean, explicit?: string): string {
  if (explicit !== undefined) return explicit;
  return template ? `${project}-${service}-${INSTANCE}` : `${project}-${service}-1`;
}

export function secretUnit(project: string, key: string): string {
  return `${project}-secret-${key}.service`;
}

/** Where the files podman bind-mounts for inline and environment configs are written at start: %t/... */
export function dataDir(project: string): string {
  return `${RUNTIME_DIR}/compose2systemd/${project}`;
}

/** The image name given to a built image when the service names none (lower case: image names must be). */
export function builtImageName(project: string, service: string): string {
  return `localhost/${project}-${service}:latest`.toLowerCase();
}

/**
 * The folder of the files only the units' owner may read (values from variables, env files, secrets): `%E`
 * is /etc for system units and `$XDG_CONFIG_HOME` (~/.config) for user units, so it is
 * /etc/compose2systemd/P or ~/.config/compose2systemd/P. Every unit refers to it through the specifier.
 */
export function privateDir(project: string): string {
  return `${CONFIG_DIR}/compose2systemd/${project}`;
}

/** The env file of a service's values that may not be written into its unit. */
export function envFileName(project: string, service: string): string {
  return `${project}-${service}.env`;
}

export type HookKey = 'pre_start' | 'post_start' | 'pre_stop';

/** The file of the private folder that holds a lifecycle hook's environment values not written in the compose file. */
export function hookEnvFileName(project: string, service: string, key: HookKey, index: number): string {
  return `${project}-${service}.${key}-${index}.env`;
}

/** The file a secret's value is kept in (a secret from `environment:` or `content:`). */
export function secretFileName(key: string): string {
  return `secret-${key}`;
}

/** The file a config's content is kept in when that content came from variables or the environment. */
export function configFileName(key: string): string {
  return `config-${key}`;
}
