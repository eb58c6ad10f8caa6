// Stage 6, a service's `x-systemd:` extension: section -> directive -> value(s) -> SystemdExtension with the
// pointer of every value. Only the shape is read here (C514 for a value of the wrong type); which sections and
// directives a unit may take, and their escaping, are the output's (output/shared/systemd-extension.ts).
import { pointerJoin, type Pointer } from '../source/origins.js';
import type { NormalizeContext } from './normalize-context.js';
import type { SystemdDirective, SystemdExtension } from './types.js';

export const SYSTEMD_EXTENSION = 'x-systemd';

/** A scalar as systemd would read it: YAML's `true`, `512`, `1.5` are written as they print. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return undefined;
}

export function readSystemdExtension(ctx: NormalizeContext, raw: Record<string, unknown>, servicePointer: Pointer): SystemdExtension | undefined {
  const value = raw[SYSTEMD_EXTENSION];
  if (value === undefined || value === null) return undefined;
  const pointer = pointerJoin(servicePointer, SYSTEMD_EXTENSION);
  const sections = ctx.record(value, pointer);
  if (!sections) return undefined;
  const out: SystemdExtension['sections'][number][] = [];
  for (const [name, body] of Object.entries(sections)) {
    const sectionPointer = pointerJoin(pointer, name);
    const record = ctx.record(body, sectionPointer);
    if (!record) continue;
    const directives: SystemdDirective[] = [];
    for (const [key, v] of Object.entries(record)) {
      const at = pointerJoin(sectionPointer, key);
      // a list repeats the directive (Environment=, After=) or, for Exec*=, is one command's arguments
      if (Array.isArray(v)) {
        const values: string[] = [];
        v.forEach((item, i) => {
          const text = scalarText(item);
          if (text === undefined) ctx.unexpected(pointerJoin(at, String(i)), 'a string, number or boolean', item);
          else values.push(text);
        });
        directives.push({ key, values, list: true, pointer: at });
        continue;
      }
      const text = scalarText(v);
      if (text === undefined) ctx.unexpected(at, 'a string, number, boolean or a list of them', v);
      else directives.push({ key, values: [text], list: false, pointer: at });
    }
    out.push({ name, pointer: sectionPointer, directives });
  }
  return { pointer, sections: out };
}
