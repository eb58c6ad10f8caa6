// `enable`: start the project at boot (systemctl enable P.target). For user units, boot means the user's
// manager starts at boot, which needs lingering: say how to turn it on when it is off.
import type { Command } from 'commander';
import { commandFailed, shellQuote } from '../../apply/steps.js';
import { createSystemdDriver, systemctlArgv } from '../../apply/systemctl.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { SourceRegistry } from '../../source/source-file.js';
import { addSystemOption, addUnitDirOption, findInstalled, requireHost, requireInstalled, type UnitDirFlags } from '../apply-options.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import type { ProjectFlags } from '../project-options.js';
import { reportDiagnostics } from '../report.js';

/** podman's timer that runs `podman auto-update` (daily by default). */
export const AUTO_UPDATE_TIMER = 'podman-auto-update.timer';

export function registerEnable(program: Command, io: CliIo, setExit: (code: number) => void): void {
  registerToggle(program, io, setExit, 'enable');
}

/** `enable` and `disable` (commands/disable.ts) differ only in the verb and the linger hint. */
export function registerToggle(program: Command, io: CliIo, setExit: (code: number) => void, verb: 'enable' | 'disable'): void {
  const cmd = program
    .command(verb)
    .description(verb === 'enable' ? 'start the project at boot (systemctl enable P.target)' : 'stop starting the project at boot (systemctl disable P.target)');
  addSystemOption(cmd);
  addUnitDirOption(cmd)
    .option('--auto-update', `also ${verb} podman-auto-update.timer, which runs \`podman auto-update\` daily for the containers labelled io.containers.autoupdate`)
    .addHelpText('after', `\nExamples:\n  $ compose2systemd ${verb} -f compose.yaml\n  $ compose2systemd ${verb} --auto-update -p shop`)
    .action(async (_opts: UnitDirFlags, c: Command) => {
      const flags = c.optsWithGlobals<ProjectFlags & UnitDirFlags & { autoUpdate?: boolean }>();
      const host = requireHost(io);
      const found = await findInstalled(flags, io, host);
      const sources = found.sources ?? new SourceRegistry();
      const fail = (diagnostics: readonly Diagnostic[]) => {
        reportDiagnostics(io, diagnostics, sources, 'text');
        setExit(EXIT_INVALID);
      };
      const required = requireInstalled(found);
      if ('diagnostics' in required) return fail(required.diagnostics);
      const installed = required.installed;
      reportDiagnostics(io, found.diagnostics, sources, 'text');
      const commands = [systemctlArgv(installed.scope, verb, [installed.record.target])];
      // The timer is podman's own (shipped with podman); --now so that it is scheduled without a reboot.
      if (flags.autoUpdate === true) commands.push(systemctlArgv(installed.scope, verb, [AUTO_UPDATE_TIMER], ['--now']));
      for (const argv of commands) {
        io.stdout(`$ ${shellQuote(argv)}\n`);
        const result = await host.run(argv);
        if (result.stderr.trim() !== '') io.stderr(result.stderr.replace(/\s*$/, '\n'));
        if (result.code !== 0) return fail([commandFailed(argv, result, 'fix the cause and run the command again')]);
      }
      if (verb === 'enable' && installed.scope === 'user') {
        const user = host.env('USER') ?? host.env('LOGNAME');
        const lingers = user === undefined ? undefined : await createSystemdDriver(host, 'user').lingers(user);
        if (lingers === false) {
          io.stdout(`note: ${user} does not linger, so user units start at login, not at boot. To start them at boot:\n  loginctl enable-linger ${user}\n`);
        }
      }
      setExit(EXIT_OK);
    });
}
