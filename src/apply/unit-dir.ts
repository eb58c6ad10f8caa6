// Stage 11, apply: scope x environment -> the directory where units are installed (pure, no codes).
import { posix } from 'node:path';
import type { Scope } from './systemctl.js';

/**
 * systemd's own choice: user units in `$XDG_CONFIG_HOME/systemd/user` (default `~/.config/systemd/user`),
 * system units in `/etc/systemd/system`, the directory for the administrator's units.
 */
export function defaultUnitDir(scope: Scope, env: (name: string) => string | undefined, home: string): string {
  if (scope === 'system') return '/etc/systemd/system';
  const config = env('XDG_CONFIG_HOME');
  // The XDG spec says a relative value is invalid and must be ignored.
  const base = config !== undefined && config.startsWith('/') ? config : posix.join(home, '.config');
  return posix.join(base, 'systemd', 'user');
}

/**
 * The project's folder of Quadlet files: under `$XDG_CONFIG_HOME/containers/systemd` (default
 * `~/.config/containers/systemd`) for user units, `/etc/containers/systemd` for system units. The generator
 * reads sub-folders too; one per project keeps projects apart.
 */
export function defaultQuadletDir(scope: Scope, env: (name: string) => string | undefined, home: string, project: string): string {
  if (scope === 'system') return posix.join('/etc/containers/systemd', project);
  const config = env('XDG_CONFIG_HOME');
  const base = config !== undefined && config.startsWith('/') ? config : posix.join(home, '.config');
  return posix.join(base, 'containers', 'systemd', project);
}

/**
 * The project's private folder: what `%E/compose2systemd/PROJECT` means to systemd, /etc for system units and
 * `$XDG_CONFIG_HOME` (default ~/.config) for user units. The units refer to it by that specifier.
 */
export function defaultPrivateDir(scope: Scope, env: (name: string) => string | undefined, home: string, project: string): string {
  if (scope === 'system') return posix.join('/etc/compose2systemd', project);
  const config = env('XDG_CONFIG_HOME');
  const base = config !== undefined && config.startsWith('/') ? config : posix.join(home, '.config');
  return posix.join(base, 'compose2systemd', project);
}
