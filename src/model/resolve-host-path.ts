// Stage 6 helper: a host path as written in a compose file -> an absolute path.
// Relative paths resolve against the project directory, `~` against the given home directory. Pure (no fs).
import { posix } from 'node:path';
import { parsedError, parsedOk, type Parsed } from './parse-result.js';

export function resolveHostPath(path: string, workingDir: string, homeDir: string): Parsed<string> {
  if (path === '~' || path.startsWith('~/')) return parsedOk(posix.resolve(homeDir, '.' + path.slice(1)));
  if (path.startsWith('~')) {
    return parsedError(`\`${path.split('/')[0]}\`: only \`~\` (the current user's home) can be expanded, not another user's home`, 0);
  }
  return parsedOk(posix.resolve(workingDir, path));
}
