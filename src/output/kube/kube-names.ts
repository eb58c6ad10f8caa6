// Stage 10, output `kube`: compose names -> Kubernetes names (pure). Object names are DNS-1123 labels; names
// podman kube play makes host-wide (pods, volumes, secrets) carry the project name; the Service of a service keeps
// the service's own name, since that is the host name other services use. No codes (the emitter reports).

/** A DNS-1123 label: lower case letters, digits and `-`, starting and ending with a letter or digit, up to 63. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A Service name is stricter (DNS-1035): it starts with a letter. */
export const SERVICE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `My_App.v2` -> `my-app-v2`: lower case, anything else than letters and digits becomes `-`, trimmed. */
export function kubeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** The name a service is reached by: its Service, and its container in the pod (podman's DNS alias). */
export function serviceDnsName(service: string): string {
  const n = kubeName(service);
  return /^[a-z]/.test(n) ? n : `s-${n}`.slice(0, 63).replace(/-+$/, '');
}

/** `<project>-<name>`, for objects podman makes host-wide. */
export function projectObjectName(project: string, name: string): string {
  return kubeName(`${project}-${name}`);
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Whether `key: value` is a valid Kubernetes label (else it can only be an annotation). */
export function isValidLabel(key: string, value: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) return false;
  if (!LABEL_NAME.test(name)) return false;
  return value === '' || LABEL_NAME.test(value);
}

/** A port name: up to 15 lower-case letters, digits and `-`, with at least one letter. */
export function isPortName(name: string): boolean {
  return /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}
