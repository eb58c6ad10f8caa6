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
