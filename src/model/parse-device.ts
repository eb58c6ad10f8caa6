// Stage 6 parser: a `devices:` short form (`/dev/a`, `/dev/a:/dev/b`, `/dev/a:/dev/b:rwm`, `/dev/a:rw`, or a
// CDI name `vendor.com/class=name`) -> Device fields. Failures become C512.
import { parsedError, parsedOk, type Parsed } from './parse-result.js';
import type { Device } from './types.js';

export type DeviceSpec = Omit<Device, 'pointer'>;

const PERMISSIONS = /^(?!.*(.).*\1)[rwm]{1,3}$/;

export function isDevicePermissions(text: string): boolean {
  return PERMISSIONS.test(text);
}

export function parseDevice(spec: string): Parsed<DeviceSpec> {
  if (spec === '') return parsedError('a device specification cannot be empty', 0);
  // CDI device names carry no path; they are handed to the runtime as they are.
  if (!spec.startsWith('/') && spec.includes('=') && !spec.includes(':')) return parsedOk({ source: spec });
  const parts = spec.split(':');
  const [source, second, third] = parts;
  if (parts.length > 3) return parsedError('too many colons: expected `HOST_PATH[:CONTAINER_PATH][:PERMISSIONS]`', source!.length + second!.length + third!.length + 3);
  if (!source!.startsWith('/')) return parsedError(`the device path \`${source}\` must be absolute`, 0, Math.max(1, source!.length));
  if (second === undefined) return parsedOk({ source: source! });
  const secondAt = source!.length + 1;
  if (third === undefined) {
    if (isDevicePermissions(second)) return parsedOk({ source: source!, permissions: second });
    if (!second.startsWith('/')) return parsedError(`\`${second}\` is neither an absolute container path nor permissions made of r, w and m`, secondAt, Math.max(1, second.length));
    return parsedOk({ source: source!, target: second });
  }
  if (!second.startsWith('/')) return parsedError(`the container path \`${second}\` must be absolute`, secondAt, Math.max(1, second.length));
  if (!isDevicePermissions(third)) return parsedError(`\`${third}\` is not a permission set made of r, w and m`, secondAt + second.length + 1, Math.max(1, third.length));
  return parsedOk({ source: source!, target: second, permissions: third });
}
