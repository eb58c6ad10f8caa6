// The CLI on the real process: fills CliIo from `process` and runs one command line. main.ts (unbundled)
// and the bundled executable (bin.cts -> dist/cli/bundle.cjs) both start here.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { createNodeHost } from '../apply/node-host.js';
import { diskFs } from '../apply/disk-fs.js';
import { runCli } from './program.js';

/** Runs `process.argv` and returns the exit code. */
export function runProcessCli(): Promise<number> {
  return runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    homeDir: homedir(),
    isTTY: Boolean(process.stdout.isTTY),
    readStdin: () => readFileSync(0, 'utf8'),
    fs: diskFs,
    host: () => createNodeHost({ env: process.env }),
  });
}

// For the build's warm-up run (scripts/build-cli.mjs), which compiles the common paths into V8's code cache.
export { diskFs, runCli };
