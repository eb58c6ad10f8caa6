// Stage 11, apply: Host -> a Host that can only look. `--dry-run` and `diff` run on it, so "changes nothing"
// holds by construction: a write, a removal or a command outside the read-only list throws InternalError
// (a bug, exit 3) instead of reaching the machine. No diagnostic codes.
import { InternalError } from '../diagnostics/diagnostic.js';
import type { Host } from './host.js';

/** The first non-flag word after the program name, e.g. `show` in `systemctl --user show X`. */
function verbOf(argv: readonly string[]): { verb: string | undefined; rest: readonly string[] } {
  const words = argv.slice(1);
  const i = words.findIndex((w) => !w.startsWith('-'));
  return i < 0 ? { verb: undefined, rest: [] } : { verb: words[i], rest: words.slice(i + 1) };
}

const SYSTEMCTL_READS = new Set(['show', 'is-active', 'is-enabled', 'is-failed', 'status', 'cat', 'list-units', 'list-unit-files']);
const PODMAN_READS = new Set(['version', 'inspect', 'ps', 'images', 'info']);
const PODMAN_RESOURCE_READS = new Set(['exists', 'ls', 'list', 'inspect']);

/** True for the commands that only read the state of the machine: the ones a dry run may run. */
export function isReadOnlyCommand(argv: readonly string[]): boolean {
  const program = argv[0];
  const { verb, rest } = verbOf(argv);
  switch (program) {
    case 'systemctl':
      return verb !== undefined && SYSTEMCTL_READS.has(verb);
    case 'journalctl':
      // --vacuum-*, --rotate, --flush and friends change the journal; reading it takes none of them.
      return !argv.some((w) => /^--(vacuum|rotate|flush|sync|relinquish|smart-relinquish|setup-keys|update-catalog)/.test(w));
    case 'loginctl':
      return verb === 'show-user' || verb === 'list-users' || verb === 'user-status';
    case 'podman':
      if (verb === 'network' || verb === 'volume' || verb === 'pod') {
        const sub = rest.find((w) => !w.startsWith('-'));
        return sub !== undefined && PODMAN_RESOURCE_READS.has(sub);
      }
      return verb !== undefined && PODMAN_READS.has(verb);
    default:
      return false;
  }
}

/** Wraps `host` so that reads pass and every change is refused with a rejected promise. */
export function createDryRunHost(host: Host): Host {
  const refuse = (what: string): Promise<never> => Promise.reject(new InternalError(`dry run: refused to ${what}; a dry run must not change the machine`));
  return {
    readFile: (path) => host.readFile(path),
    listDir: (path) => host.listDir(path),
    writeFileAtomic: (path) => refuse(`write ${path}`),
    writeFilesAtomic: (dir) => refuse(`write into ${dir}`),
    removeFile: (path) => refuse(`remove ${path}`),
    mkdirp: (path) => refuse(`create ${path}`),
    run: (argv, options) => (isReadOnlyCommand(argv) && options?.stdin === undefined ? host.run(argv, options) : refuse(`run \`${argv.join(' ')}\``)),
    env: (name) => host.env(name),
    homeDir: () => host.homeDir(),
    now: () => host.now(),
    sleep: (ms) => host.sleep(ms),
  };
}
