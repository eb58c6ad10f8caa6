// What a command may use of the process: streams, environment, working directory. main.ts fills it from
// `process`; tests pass their own, so every command runs in-process under test.
import type { Host } from '../apply/host.js';
import type { LoaderFs } from '../load/loader-fs.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly homeDir: string;
  readonly isTTY: boolean;
  readonly readStdin: () => string;
  readonly fs: LoaderFs;
  /**
   * The machine that up/down/diff/status/logs/enable/disable (and convert -o) act on. main.ts passes the
   * real one; tests pass a fake. Absent: those commands stop with an internal error rather than touch the OS.
   */
  readonly host?: () => Host;
}

export const EXIT_OK = 0;
/** The input is invalid (or, for --check, differs). */
export const EXIT_INVALID = 1;
/** The command line itself is wrong. */
export const EXIT_USAGE = 2;
/** A bug in compose2systemd. */
export const EXIT_INTERNAL = 3;
