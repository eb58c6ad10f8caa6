// Podman facts: the service unit Quadlet's generator makes of each file type (podman-systemd.unit(5)), when the
// file sets no ServiceName= (compose2systemd never does). Pure; no codes.

const SUFFIX: ReadonlyMap<string, string> = new Map([
  ['.container', ''],
  ['.kube', ''],
  ['.volume', '-volume'],
  ['.network', '-network'],
  ['.pod', '-pod'],
  ['.image', '-image'],
  ['.build', '-build'],
]);

/** `P-web.container` -> `P-web.service`, `P-data.volume` -> `P-data-volume.service`; undefined for other files. */
export function serviceOfQuadletFile(file: string): string | undefined {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const suffix = SUFFIX.get(file.slice(dot));
  return suffix === undefined ? undefined : `${file.slice(0, dot)}${suffix}.service`;
}

export function isQuadletFile(file: string): boolean {
  return serviceOfQuadletFile(file) !== undefined;
}
