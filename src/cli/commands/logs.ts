// `logs`: the journal of the project's units, or of the named services' units; -f follows it.
import { InvalidArgumentError, type Command } from 'commander';
import { commandFailed } from '../../apply/steps.js';
import { journalArgv } from '../../apply/systemctl.js';
import { diagnostic } from '../../diagnostics/code.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { graphCodes } from '../../graph/codes.js';
import { serviceUnit } from '../../plan/unit-names.js';
import { SourceRegistry } from '../../source/source-file.js';
import { addSystemOption, addUnitDirOption, findInstalled, requireHost, requireInstalled, type UnitDirFlags } from '../apply-options.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import type { ProjectFlags } from '../project-options.js';
import { reportDiagnostics } from '../report.js';

interface LogsOpts extends UnitDirFlags {
  readonly follow?: boolean;
  readonly lines?: number;
}

function linesArg(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a number of lines');
  return Number(value);
}

export function registerLogs(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('logs')
    .description("show the journal of the project's units, or of the named services")
    .argument('[service...]', 'only these services')
    .option('-f, --follow', 'keep printing new entries until interrupted')
    .option('-n, --lines <n>', 'only the last N entries', linesArg);
  addSystemOption(cmd);
  addUnitDirOption(cmd)
    .addHelpText('after', '\nExamples:\n  $ compose2systemd logs -f web\n  $ compose2systemd logs -n 50')
    .action(async (services: string[], opts: LogsOpts, c: Command) => {
      const flags = c.optsWithGlobals<ProjectFlags & LogsOpts>();
      const host = requireHost(io);
      const found = await findInstalled(flags, io, host, services);
      const sources = found.sources ?? new SourceRegistry();
      const fail = (diagnostics: readonly Diagnostic[]) => {
        reportDiagnostics(io, diagnostics, sources, 'text');
        setExit(EXIT_INVALID);
      };
      const required = requireInstalled(found);
      if ('diagnostics' in required) return fail(required.diagnostics);
      const installed = required.installed;
      const files = installed.record.files.map((f) => f.name);
      const units: string[] = [];
      const unknown: Diagnostic[] = [];
      for (const s of services) {
        const plain = serviceUnit(installed.name, s, false);
        const template = serviceUnit(installed.name, s, true);
        if (files.includes(plain)) units.push(plain);
        // journalctl matches unit names with glob patterns: every instance of the template.
        else if (files.includes(template)) units.push(template.replace('@.', '@*.'));
        else unknown.push(diagnostic(graphCodes.unknownServiceArgument, `no such service in the installed project \`${installed.name}\`: ${s}`, [], { help: `its units: ${files.join(', ')}` }));
      }
      if (unknown.length > 0) return fail([...found.diagnostics, ...unknown]);
      reportDiagnostics(io, found.diagnostics, sources, 'text');
      const argv = journalArgv(installed.scope, services.length > 0 ? units : installed.record.startOrder, { follow: opts.follow ?? false, ...(opts.lines !== undefined ? { lines: opts.lines } : {}) });
      // Passed straight through: a journal can be far larger than is worth holding in memory. (A host that
      // cannot pass through, like the test fake, returns the text instead.)
      const result = await host.run(argv, { passthrough: true });
      if (result.stdout !== '') io.stdout(result.stdout);
      if (result.code !== 0 && !(opts.follow && result.code === 130)) return fail([commandFailed(argv, result, 'fix the cause and run the command again')]);
      setExit(EXIT_OK);
    });
}
