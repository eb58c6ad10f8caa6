// Merge stage, identity of sequence items: an item (short or long syntax) -> the key that makes it unique.
// Used only to compare items; the items themselves stay as written. No diagnostics (malformed items get no key).
import { scalarText, type MergeNode } from './merge-node.js';

/** An item's identity within its sequence; undefined means "never a duplicate" (schema validation reports it). */
export type ItemKey = (item: MergeNode) => string | undefined;

function field(item: MergeNode, name: string): string | undefined {
  return item.kind === 'map' ? scalarText(item.entries.get(name)) : undefined;
}

/** The item itself: `cap_add`, `dns`, `profiles`, `expose` (`80` and `"80"` are one port). */
export const itemText: ItemKey = (item) => scalarText(item);

/** What precedes the first separator: `A=1` and `A` are the same variable. */
export function textBefore(separator: string): ItemKey {
  return (item) => {
    const text = scalarText(item);
    if (text === undefined) return undefined;
    const at = text.indexOf(separator);
    return at < 0 ? text : text.slice(0, at);
  };
}

/** `KEY=VALUE` for environment-like lists; for extra_hosts also `HOST:IP`. Returns [key, value or undefined]. */
export function splitKeyValue(text: string, separators: string): [string, string | undefined] {
  let at = -1;
  for (const sep of separators) {
    at = text.indexOf(sep);
    if (at >= 0) break;
  }
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * ports: (host ip, published, target, protocol). Short syntax
 * `[HOST_IP:][PUBLISHED[-RANGE]:]TARGET[-RANGE][/PROTOCOL]` (IPv6 in brackets), a bare number, or the long form.
 */
export const portKey: ItemKey = (item) => {
  if (item.kind === 'map') {
    const target = field(item, 'target');
    if (target === undefined) return undefined;
    return joinPort(field(item, 'host_ip') ?? '', field(item, 'published') ?? '', target, field(item, 'protocol') ?? 'tcp');
  }
  const text = scalarText(item);
  if (text === undefined) return undefined;
  const slash = text.lastIndexOf('/');
  const protocol = slash >= 0 ? text.slice(slash + 1) : 'tcp';
  let rest = slash >= 0 ? text.slice(0, slash) : text;
  let hostIp = '';
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  const target = parts[parts.length - 1] ?? '';
  const published = parts.length >= 2 ? (parts[parts.length - 2] ?? '') : '';
  if (parts.length > 2) hostIp = parts.slice(0, -2).join(':'); // an unbracketed IPv6 address keeps its colons
  return joinPort(hostIp, published, target, protocol);
};

function joinPort(hostIp: string, published: string, target: string, protocol: string): string {
  return [hostIp, published, target, protocol.toLowerCase()].join('|');
}

/** volumes: the container path. Short syntax `[SOURCE:]TARGET[:MODE]`, a Windows drive letter in SOURCE allowed. */
export const volumeTarget: ItemKey = (item) => {
  if (item.kind === 'map') return field(item, 'target');
  const text = scalarText(item);
  if (text === undefined) return undefined;
  const drive = /^[A-Za-z]:[\\/]/.test(text) ? 2 : 0;
  const parts = text.slice(drive).split(':');
  return parts.length === 1 ? text : parts[1];
};

/** devices: `HOST[:CONTAINER[:PERMISSIONS]]` or `{source, target}`; the container path, defaulting to the host path. */
export const deviceTarget: ItemKey = (item) => {
  if (item.kind === 'map') return field(item, 'target') ?? field(item, 'source');
  const text = scalarText(item);
  if (text === undefined) return undefined;
  const parts = text.split(':');
  return parts[1] ?? parts[0];
};

/**
 * secrets and configs: the mount path. Short syntax is the source name; the default target of a secret is
 * `/run/secrets/<source>` (a relative target lands there too), of a config `/<source>`.
 */
export function mountTarget(defaultDir: string): ItemKey {
  const place = (target: string) => (target.startsWith('/') ? target : `${defaultDir}/${target}`);
  return (item) => {
    if (item.kind === 'map') {
      const target = field(item, 'target');
      if (target !== undefined) return place(target);
      const source = field(item, 'source');
      return source === undefined ? undefined : place(source);
    }
    const text = scalarText(item);
    return text === undefined ? undefined : place(text);
  };
}

/** env_file: the path, from `path.env` or `{path: path.env, required: false}`. */
export const envFilePath: ItemKey = (item) => (item.kind === 'map' ? field(item, 'path') : scalarText(item));

/** tmpfs: the mount path of `PATH[:OPTIONS]`; two mounts at one path cannot coexist. */
export const tmpfsPath: ItemKey = textBefore(':');

/** networks.*.ipam.config: the subnet; entries without one are never merged. */
export const ipamSubnet: ItemKey = (item) => field(item, 'subnet');
