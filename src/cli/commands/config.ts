// `config`: print the normalised project as YAML (like `docker compose config`), or only the service names.
// The output loads again to the same project: `$` is escaped by composeDocument, and any string that a YAML 1.1
// or 1.2 reader would take for something else (`no`, `on`, `0o17`, `1:30`) is quoted.
import type { Command } from 'commander';
import { Document, parse, Scalar, visit } from 'yaml';
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
    .option('--profiles', 'print only the profile names the services use, one a line (whatever profiles are enabled)')
    .option('-q, --quiet', 'only validate; print nothing but problems')
    .addHelpText('after', '\nExamples:\n  $ compose2systemd config -f compose.yaml -f compose.prod.yaml\n  $ compose2systemd config --services')
    .action((opts: { services?: boolean; profiles?: boolean; quiet?: boolean }, cmd: Command) => {
      const given = cmd.optsWithGlobals<ProjectFlags>();
      // every profile is listed, so every service is loaded, as `--profile '*'` does
      const flags: ProjectFlags = opts.profiles ? { ...given, profile: ['*'] } : given;
      const result = loadFromFlags(flags, io);
      const project = result.project;
      const names = (): string[] | undefined => {
        if (!project) return undefined;
        if (opts.services) return [...project.services.keys()];
        if (opts.profiles) return [...new Set([...project.services.values()].flatMap((s) => s.profiles))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        return undefined;
      };
      if (flags.format === 'json') {
        const body = project && !opts.quiet ? (names() ?? composeDocument(project)) : null;
        io.stdout(JSON.stringify({ diagnostics: toJson(result.diagnostics, result.sources), project: body }, null, 2) + '\n');
        setExit(project ? 0 : 1);
        return;
      }
      const code = reportDiagnostics(io, result.diagnostics, result.sources, 'text');
      if (project && !opts.quiet) {
        const list = names();
        io.stdout(list ? list.map((s) => `${s}\n`).join('') : composeYaml(composeDocument(project)));
      }
      setExit(code);
    });
}

/** YAML text of a compose document in which every string reads back as that string under YAML 1.1 and 1.2. */
export function composeYaml(doc: unknown): string {
  const yaml = new Document(doc, { aliasDuplicateObjects: false });
  visit(yaml, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && readsAsOtherThan(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return yaml.toString({ lineWidth: 0 });
}

/** Whether `text`, written plain, would not read back as that string (YAML 1.1 has `no`, `on`, `1:30` ...). */
function readsAsOtherThan(text: string): boolean {
  if (text.includes('\n')) return false; // written as a block scalar, which is always a string
  for (const version of ['1.1', '1.2'] as const) {
    try {
      if (parse(text, { version, logLevel: 'silent' }) !== text) return true;
    } catch {
      return true;
    }
  }
  return false;
}
