// `diff`: what `up` would change, as a unified diff of the unit files, then the commands it would run.
// The same review as `up --dry-run`, on a host that refuses every change.
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { ProjectFlags } from '../project-options.js';
import { addInstallOptions, runUpCommand, type UpOpts } from './up.js';

export function registerDiff(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program.command('diff').description('show what up would change: the diff of the unit files, then the commands it would run');
  addInstallOptions(cmd)
    .addHelpText(
      'after',
      `
Changes nothing. Exit 0 whether or not there are differences; 1 when the compose file is invalid or up
would refuse (a file in the way, a file edited by hand).

Example:
  $ compose2systemd diff -f compose.yaml`,
    )
    .action(async (_opts: UpOpts, c: Command) => {
      setExit(await runUpCommand(io, c.optsWithGlobals<ProjectFlags & UpOpts>(), [], 'diff'));
    });
}
