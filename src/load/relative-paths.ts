// Makes the relative paths of a compose tree absolute against a directory. Used where a file's paths must not
// follow the project directory: an included project, and the base service of `extends: {file}`.
import { isAbsolute, resolve } from 'node:path';
import { isPlainObject } from './tree.js';

const isRemote = (s: string) => /^(https?:\/\/|git@|github\.com\/|ssh:\/\/|git:\/\/)/.test(s) || s.includes('://');

function abs(dir: string, p: unknown): unknown {
  if (typeof p !== 'string' || p === '' || isAbsolute(p) || p.startsWith('~') || isRemote(p)) return p;
  return resolve(dir, p);
}

function absVolume(dir: string, v: unknown): unknown {
  if (typeof v === 'string') {
    const i = v.indexOf(':');
    if (i > 0 && v.startsWith('.')) return `${abs(dir, v.slice(0, i))}${v.slice(i)}`;
    return v;
  }
  if (isPlainObject(v) && v['type'] === 'bind') return { ...v, source: abs(dir, v['source']) };
  return v;
}

function absEnvFile(dir: string, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((e) => absEnvFile(dir, e));
  if (isPlainObject(v)) return { ...v, path: abs(dir, v['path']) };
  return abs(dir, v);
}

/** One service mapping with its relative paths resolved against `dir`. */
export function absolutizeService(service: Record<string, unknown>, dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...service };
  const build = out['build'];
  if (typeof build === 'string') out['build'] = abs(dir, build);
  else if (isPlainObject(build)) out['build'] = { ...build, context: abs(dir, build['context'] ?? '.') };
  if ('env_file' in out) out['env_file'] = absEnvFile(dir, out['env_file']);
  if ('label_file' in out) out['label_file'] = Array.isArray(out['label_file']) ? out['label_file'].map((p) => abs(dir, p)) : abs(dir, out['label_file']);
  if (Array.isArray(out['volumes'])) out['volumes'] = out['volumes'].map((v) => absVolume(dir, v));
  const ext = out['extends'];
  if (isPlainObject(ext) && typeof ext['file'] === 'string') out['extends'] = { ...ext, file: abs(dir, ext['file']) };
  return out;
}

/** A whole project tree (services, secrets, configs) with relative paths resolved against `dir`. */
export function absolutizeProject(value: Record<string, unknown>, dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  const services = out['services'];
  if (isPlainObject(services)) {
    out['services'] = Object.fromEntries(Object.entries(services).map(([k, s]) => [k, isPlainObject(s) ? absolutizeService(s, dir) : s]));
  }
  for (const kind of ['secrets', 'configs']) {
    const group = out[kind];
    if (!isPlainObject(group)) continue;
    out[kind] = Object.fromEntries(Object.entries(group).map(([k, d]) => [k, isPlainObject(d) && typeof d['file'] === 'string' ? { ...d, file: abs(dir, d['file']) } : d]));
  }
  return out;
}
