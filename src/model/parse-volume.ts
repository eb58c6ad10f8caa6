// Stage 6 parser: a service `volumes:` short form `[SOURCE:]TARGET[:MODE]` -> Mount fields.
// A source starting with `.`, `/` or `~` is a bind mount (made absolute), any other a named volume.
// Failures become C502; mode options compose would silently drop are returned as warnings (C503).
import { parsedError, parsedOk, type ParseProblem, type Parsed } from './parse-result.js';
import { resolveHostPath } from './resolve-host-path.js';
import type { Mount } from './types.js';

export type MountSpec = Omit<Mount, 'pointer'>;

export const PROPAGATIONS: readonly string[] = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'];
const CONSISTENCIES: readonly string[] = ['consistent', 'cached', 'delegated'];

export interface PathContext {
  /** Absolute project directory. */
  readonly workingDir: string;
  /** Absolute home directory, for `~`. */
  readonly homeDir: string;
}

export function isHostPathSource(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

export function parseVolumeShort(spec: string, paths: PathContext): Parsed<MountSpec> {
  if (spec === '') return parsedError('a volume specification cannot be empty', 0);
  const parts = spec.split(':');
  const starts: number[] = [];
  let at = 0;
  for (const p of parts) {
    starts.push(at);
    at += p.length + 1;
  }
  const emptyAt = parts.findIndex((p) => p === '');
  if (emptyAt >= 0) return parsedError('empty section between colons', Math.max(0, starts[emptyAt]! - 1));
  if (parts.length > 3) return parsedError('too many colons: expected `SOURCE:TARGET[:MODE]`', starts[3]! - 1);

  const source = parts.length >= 2 ? parts[0]! : undefined;
  const target = parts.length >= 2 ? parts[1]! : parts[0]!;
  const targetAt = parts.length >= 2 ? starts[1]! : 0;
  if (!target.startsWith('/')) {
    return parsedError(`the container path \`${target}\` must be absolute`, targetAt, target.length);
  }

  let readOnly = false;
  let selinux: 'z' | 'Z' | undefined;
  let propagation: string | undefined;
  let nocopy = false;
  let consistency: string | undefined;
  const warnings: ParseProblem[] = [];
  if (parts.length === 3) {
    let optAt = starts[2]!;
    for (const option of parts[2]!.split(',')) {
      if (option === 'ro') readOnly = true;
      else if (option === 'rw') readOnly = false;
      else if (option === 'z' || option === 'Z') selinux = option;
      else if (PROPAGATIONS.includes(option)) propagation = option;
      else if (option === 'nocopy') nocopy = true;
      else if (CONSISTENCIES.includes(option)) consistency = option;
      else warnings.push({ message: `unknown volume option \`${option}\` is ignored`, index: optAt, length: Math.max(1, option.length) });
      optAt += option.length + 1;
    }
  }

  const common = { target, readOnly, ...(consistency !== undefined ? { consistency } : {}) };
  const bindOptions = {
    ...(propagation !== undefined ? { propagation } : {}),
    ...(selinux !== undefined ? { selinux } : {}),
  };
  if (source !== undefined && isHostPathSource(source)) {
    const resolved = resolveHostPath(source, paths.workingDir, paths.homeDir);
    if (!resolved.ok) return parsedError(resolved.error.message, 0, source.length);
    if (nocopy) warnings.push({ message: '`nocopy` applies to named volumes only and is ignored on a bind mount', index: starts[2] });
    // The short form has always created a missing host directory (compose keeps that for compatibility).
    return parsedOk({ type: 'bind', source: resolved.value, ...common, bind: { ...bindOptions, createHostPath: true } }, warnings);
  }
  if (propagation !== undefined) warnings.push({ message: `propagation \`${propagation}\` applies to bind mounts only and is ignored on a volume`, index: starts[2] });
  return parsedOk(
    {
      type: 'volume',
      ...(source !== undefined ? { source } : {}),
      ...common,
      // SELinux relabelling is honoured on named volumes too, so it stays with the mount.
      ...(selinux !== undefined ? { bind: { selinux } } : {}),
      ...(nocopy ? { volume: { nocopy: true } } : {}),
    },
    warnings,
  );
}
