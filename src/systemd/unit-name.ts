// Render stage helper: unit names. Validates names the way systemd's unit_name_is_valid() does and escapes
// free text into a name component the way `systemd-escape` (without --path) does. Pure; no diagnostics.

/** Unit types systemd loads (systemd.unit(5)). */
export const UNIT_TYPES = ['service', 'socket', 'device', 'mount', 'automount', 'swap', 'target', 'path', 'timer', 'slice', 'scope'] as const;

/** Quadlet file types, from which podman's generator makes `.service` units (podman-systemd.unit(5)). */
export const QUADLET_TYPES = ['container', 'volume', 'network', 'kube', 'pod', 'image', 'build'] as const;

/** A unit name is at most 255 bytes (systemd's UNIT_NAME_MAX is 256 with the terminating NUL). */
export const UNIT_NAME_MAX = 255;

export type UnitType = (typeof UNIT_TYPES)[number];
export type QuadletType = (typeof QUADLET_TYPES)[number];

export interface UnitNameOptions {
  /** Also accept Quadlet file names (`web.container` ...). Default false. */
  readonly quadlet?: boolean;
}

export type UnitNameCheck = { readonly ok: true; readonly kind: 'plain' | 'template' | 'instance' } | { readonly ok: false; readonly reason: string };

const NAME_CHARS = /^[A-Za-z0-9:_.\\@-]+$/;

/** Checks `name` like systemd: `prefix[@[instance]].type`, allowed characters, length. */
export function checkUnitName(name: string, options: UnitNameOptions = {}): UnitNameCheck {
  if (name.length === 0) return { ok: false, reason: 'the unit name is empty' };
  if (name.length > UNIT_NAME_MAX) return { ok: false, reason: `the unit name is longer than ${UNIT_NAME_MAX} characters` };
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { ok: false, reason: `"${name}" has no unit type suffix such as .service` };
  const type = name.slice(dot + 1);
  const types: readonly string[] = options.quadlet ? [...UNIT_TYPES, ...QUADLET_TYPES] : UNIT_TYPES;
  if (!types.includes(type)) return { ok: false, reason: `".${type}" is not a ${options.quadlet ? 'unit or Quadlet' : 'unit'} type` };
  const stem = name.slice(0, dot);
  if (!NAME_CHARS.test(stem)) return { ok: false, reason: `"${name}" contains characters systemd does not allow in unit names (allowed: letters, digits, : _ . \\ - and @)` };
  const at = stem.indexOf('@');
  if (at === 0) return { ok: false, reason: `"${name}" has an empty prefix before "@"` };
  if (at < 0) return { ok: true, kind: 'plain' };
  return { ok: true, kind: at === stem.length - 1 ? 'template' : 'instance' };
}

export function isValidUnitName(name: string, options: UnitNameOptions = {}): boolean {
  return checkUnitName(name, options).ok;
}

const KEPT = /[A-Za-z0-9:_.]/;

/**
 * Escapes arbitrary text into a string that is valid inside a unit name and that `systemd-escape --unescape`
 * (and the %i/%I specifiers) turn back into the text: `/` becomes `-`; a leading `.`, `-`, `\` and every
 * byte outside [A-Za-z0-9:_.] become `\xNN` (per UTF-8 byte).
 */
export function unitNameEscape(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  bytes.forEach((b, i) => {
    const c = String.fromCharCode(b);
    if (c === '/') out += '-';
    else if (b < 0x80 && KEPT.test(c) && !(i === 0 && c === '.')) out += c;
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  });
  return out;
}

/** Inverse of `unitNameEscape`: `-` becomes `/`, `\xNN` the byte NN. Undefined if the escapes are malformed. */
export function unitNameUnescape(escaped: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i]!;
    if (c === '-') bytes.push(0x2f);
    else if (c === '\\') {
      const hex = escaped.slice(i + 1, i + 4);
      if (!/^x[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex.slice(1), 16));
      i += 3;
    } else if (c.charCodeAt(0) < 0x80) bytes.push(c.charCodeAt(0));
    else return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}
