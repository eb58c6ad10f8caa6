// Runs the CLI in-process with captured output, a chosen environment and a real or in-memory file system.
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { diskFs } from '../../src/apply/disk-fs.js';

export { diskFs };

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
