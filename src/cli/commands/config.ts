// `config`: print the normalised project as YAML (like `docker compose config`), or only the service names.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { toJson } from '../../diagnostics/render.js';
import { composeDocument } from '../../model/compose-document.js';
import type { CliIo } from '../io.js';
import { loadFromFlags, type ProjectFlags } from '../project-options.js';
import { reportDiagnostics } from '../report.js';

export function registerConfig(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('config')
    .description('print the normalised project, as docker compose would build it')
    .option('--services', 'print only the service names, one a line')
    .option('-q, --quiet', 'only validate; print nothing but problems')
    .addHelpText('after', '\nExamples:\n  $ compose2systemd config -f compose.yaml -f compose.prod.yaml\n  $ compose2systemd config --services')
    .action((opts: { services?: boolean; quiet?: boolean }, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ProjectFlags>();
      const result = loadFromFlags(flags, io);
      const project = result.project;
      if (flags.format === 'json') {
        const body = project && !opts.quiet ? (opts.services ? [...project.services.keys()] : composeDocument(project)) : null;
        io.stdout(JSON.stringify({ diagnostics: toJson(result.diagnostics, result.sources), project: body }, null, 2) + '\n');
        setExit(project ? 0 : 1);
        return;
      }
      const code = reportDiagnostics(io, result.diagnostics, result.sources, 'text');
      if (project && !opts.quiet) {
        io.stdout(opts.services ? [...project.services.keys()].map((s) => `${s}\n`).join('') : stringify(composeDocument(project), { lineWidth: 0, aliasDuplicateObjects: false }));
      }
      setExit(code);
    });
}
