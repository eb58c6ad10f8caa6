// `explain UNIT [DIRECTIVE]`: each line of one generated unit (or one directive of it) with the compose file,
// line, column and key that produced it, "default" when the key is not in the file and its default was applied,
// or "compose2systemd" for the unit's own plumbing. Reads the origins UnitDraft keeps on every entry.
import { relative } from 'node:path';
import type { Command } from 'commander';
import type { Origins } from '../../source/origins.js';
import { pointerSegments } from '../../source/origins.js';
import type { SourceRegistry } from '../../source/source-file.js';
import type { OutputFile } from '../../output/output.js';
import { isComment, isExec, type UnitFile } from '../../systemd/unit-file.js';
import { addPodOptions, addSystemOption, convertFromFlags, type TargetFlags } from '../apply-options.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import type { ProjectFlags } from '../project-options.js';
import { reportDiagnostics } from '../report.js';

export interface ExplainedLine {
  readonly section: string;
  readonly key: string;
  /** The line as the unit file has it (an exec group without its continuation backslash). */
  readonly text: string;
  readonly origin: Origin;
}

export type Origin =
  | { readonly kind: 'compose'; readonly file: string; readonly line: number; readonly column: number; readonly key: string }
  | { readonly kind: 'default'; readonly key: string; readonly file?: string; readonly line?: number; readonly column?: number; readonly parent?: string }
  | { readonly kind: 'generated' };

/** `/services/web/ports/0` -> `services.web.ports[0]`. */
function keyPath(pointer: string): string {
  return pointerSegments(pointer)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

function originOf(pointer: string | undefined, origins: Origins, sources: SourceRegistry, workingDir: string): Origin {
  if (pointer === undefined) return { kind: 'generated' };
  const at = (p: string) => {
    const o = origins.get(p);
    if (!o) return undefined;
    const span = o.key ?? o.value;
    const pos = sources.get(span.file)?.positionOf(span.start);
    return { file: relative(workingDir, span.file) || span.file, line: pos?.line ?? 0, column: pos?.column ?? 0 };
  };
  const own = at(pointer);
  if (own) return { kind: 'compose', ...own, key: keyPath(pointer) };
  // not in the file: the key's default was applied; name the closest ancestor that is in the file
  for (let p = pointer.slice(0, pointer.lastIndexOf('/')); p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
    const parent = at(p);
    if (parent) return { kind: 'default', key: keyPath(pointer), ...parent, parent: keyPath(p) };
  }
  return { kind: 'default', key: keyPath(pointer) };
}

/** Every directive line of `unit` (all of them, or those of `directive`) with its origin. */
export function explainUnit(unit: UnitFile, origins: Origins, sources: SourceRegistry, workingDir: string, directive?: string): ExplainedLine[] {
  const out: ExplainedLine[] = [];
  for (const section of unit.sections) {
    for (const e of section.entries) {
      if (isComment(e) || (directive !== undefined && e.key !== directive)) continue;
      if (isExec(e)) {
        e.command.forEach((group, i) => {
          out.push({ section: section.name, key: e.key, text: i === 0 ? `${e.key}=${group.join(' ')}` : `    ${group.join(' ')}`, origin: originOf(e.origins?.[i], origins, sources, workingDir) });
        });
      } else {
        out.push({ section: section.name, key: e.key, text: `${e.key}=${e.value}`, origin: originOf(e.origin, origins, sources, workingDir) });
      }
    }
  }
  return out;
}

function originText(o: Origin): string {
  if (o.kind === 'compose') return `${o.file}:${o.line}:${o.column} ${o.key}`;
  if (o.kind === 'default') return `default for ${o.key} (not in the file${o.parent !== undefined ? `; ${o.parent} at ${o.file}:${o.line}:${o.column}` : ''})`;
  return 'compose2systemd';
}

export function renderExplained(lines: readonly ExplainedLine[]): string {
  const width = Math.min(72, Math.max(0, ...lines.map((l) => l.text.length)));
  let section = '';
  const out: string[] = [];
  for (const l of lines) {
    if (l.section !== section) {
      section = l.section;
      out.push(`[${section}]`);
    }
    const text = l.text.length > width ? `${l.text.slice(0, width - 3)}...` : l.text.padEnd(width);
    out.push(`${text}  <- ${originText(l.origin)}`);
  }
  return out.map((l) => l + '\n').join('');
}

/** The file the user means: its file name, the unit it makes, or a service name. */
function findFile(files: readonly OutputFile[], project: string, wanted: string): OutputFile | undefined {
  const units = files.filter((f) => f.model !== undefined);
  return (
    units.find((f) => f.name === wanted) ??
    units.find((f) => f.unit === wanted) ??
    units.find((f) => f.unit === `${project}-${wanted}.service` || f.unit === `${project}-${wanted}@.service`)
  );
}

interface ExplainOpts extends TargetFlags {}

export function registerExplain(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('explain')
    .description('show where each line of a generated unit comes from: the compose file, line, column and key')
    .argument('<unit>', 'a generated file (P-web.service, P-web.container), the unit it makes, or a service name')
    .argument('[directive]', 'only the lines of this directive, e.g. ExecStart');
  addPodOptions(cmd);
  addSystemOption(cmd);
  cmd
    .addHelpText(
      'after',
      `
Each line is followed by its origin: FILE:LINE:COL and the compose key that produced it; "default for KEY"
when the key is not in the file and its default (or a value derived from the service) was applied;
"compose2systemd" for what every unit has.
Takes the options of convert (--format units|quadlet, --pod, --podman-version, --system).

Examples:
  $ compose2systemd explain web
  $ compose2systemd explain shop-web.service ExecStart
  $ compose2systemd explain --format quadlet shop-web.container`,
    )
    .action((unit: string, directive: string | undefined, _opts: ExplainOpts, c: Command) => {
      const flags = c.optsWithGlobals<ProjectFlags & ExplainOpts>();
      const result = convertFromFlags(flags, io, flags.podmanVersion, [], flags.unitFormat ?? 'units');
      if (!result.files || !result.project) {
        reportDiagnostics(io, result.diagnostics, result.sources, flags.format);
        setExit(EXIT_INVALID);
        return;
      }
      const project = result.project;
      const file = findFile(result.files, project.name, unit);
      if (!file?.model) {
        const names = result.files.filter((f) => f.model !== undefined).map((f) => f.name);
        io.stderr(`error: no generated unit is called \`${unit}\`; the units are: ${names.join(', ')}\n`);
        setExit(EXIT_USAGE);
        return;
      }
      const lines = explainUnit(file.model, project.origins, result.sources, project.workingDir, directive);
      if (directive !== undefined && lines.length === 0) {
        io.stderr(`error: ${file.name} has no ${directive}= line\n`);
        setExit(EXIT_USAGE);
        return;
      }
      if (flags.format === 'json') {
        io.stdout(JSON.stringify({ file: file.name, unit: file.unit ?? null, lines }, null, 2) + '\n');
      } else {
        io.stdout(`# ${file.name}${file.unit !== undefined && file.unit !== file.name ? ` (makes ${file.unit})` : ''}\n` + renderExplained(lines));
      }
      setExit(EXIT_OK);
    });
}
