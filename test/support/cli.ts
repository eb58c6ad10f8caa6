// Runs the CLI in-process with captured output, a chosen environment and a real or in-memory file system.
import { readFileSync, statSync } from 'node:fs';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import type { LoaderFs } from '../../src/load/loader-fs.js';

export const diskFs: LoaderFs = {
  readFile: (p) => {
    try {
      return statSync(p).isFile() ? readFileSync(p) : undefined;
    } catch {
      return undefined;
    }
  },
  isFile: (p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  },
};

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCliCaptured(argv: string[], overrides: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd: process.cwd(),
    homeDir: '/home/tester',
    isTTY: false,
    readStdin: () => '',
    fs: diskFs,
    ...overrides,
  });
  return { code, stdout, stderr };
}
