// `validate`: load the project and print a one-line verdict (or JSON for CI).
import type { Command } from 'commander';
import { toJson } from '../../diagnostics/render.js';
import type { CliIo } from '../io.js';
import { loadFromFlags, type ProjectFlags } from '../project-options.js';
import { reportDiagnostics } from '../report.js';

export function registerValidate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check the compose file(s) and print a one-line verdict')
    .addHelpText('after', '\nExample:\n  $ compose2systemd validate -f compose.yaml\n  ok: project "shop", 3 services, 0 warnings')
    .action((_opts, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ProjectFlags>();
      const result = loadFromFlags(flags, io);
      const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = result.diagnostics.length - errors;
      if (flags.format === 'json') {
        io.stdout(JSON.stringify({ valid: errors === 0, project: result.project?.name ?? null, diagnostics: toJson(result.diagnostics, result.sources) }, null, 2) + '\n');
        setExit(errors === 0 ? 0 : 1);
        return;
      }
      const code = reportDiagnostics(io, result.diagnostics, result.sources, 'text');
      if (result.project) {
        const n = result.project.services.size;
        io.stdout(`ok: project "${result.project.name}", ${n} service${n === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
      } else {
        io.stdout(`invalid: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
      }
      setExit(code);
    });
}
