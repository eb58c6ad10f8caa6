// `convert`: print the units of the project, or write them into a folder (-o), or check that folder (--check).
// A plain, deterministic export: no ownership markers, and the default podman version unless one is named.
import { posix, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Change } from '../../apply/changes.js';
import { applyCodes } from '../../apply/codes.js';
import { renderDiff } from '../../apply/diff.js';
import { FileWriteError, type Host } from '../../apply/host.js';
import { createNodeHost } from '../../apply/node-host.js';
import { diagnostic } from '../../diagnostics/code.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { toJson } from '../../diagnostics/render.js';
import { isKubeYaml } from '../../output/kube/emit-kube.js';
import { OUTPUT_FORMATS, type OutputFile, type OutputFormat } from '../../output/output.js';
import { DEFAULT_PODMAN_VERSION, minimumVersion } from '../../podman/capabilities.js';
import { formatPodmanVersion } from '../../podman/version.js';
import { addPodOptions, addSystemOption, convertFromFlags, type TargetFlags } from '../apply-options.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import type { ProjectFlags } from '../project-options.js';
import { reportDiagnostics } from '../report.js';

interface ConvertOpts extends TargetFlags {
  readonly output?: string;
  readonly check?: boolean;
  readonly showSecrets?: boolean;
}

/** Files in the output folder that count for --check: anything systemd or Quadlet would read. */
const UNIT_FILE = /\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope|container|volume|network|kube|pod|image|build|yaml)$/;

export function registerConvert(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('convert')
    .description('print the units (or Quadlet files, or Kubernetes YAML) of the project, or write them into a folder')
    .option('-o, --output <dir>', 'write one file per unit into DIR (created if missing) instead of printing them')
    .option('--check', 'with -o: write nothing; exit 1 and print the diff when DIR differs from what convert would write now')
    .option('--show-secrets', 'print the values of private files (env files, secrets) instead of where they come from');
  addPodOptions(cmd);
  addSystemOption(cmd);
  cmd
    .addHelpText(
      'after',
      `
Without --format the output is plain units (podman run services), and without --podman-version it targets
podman 4.3 (it runs on every podman since), whatever is installed: the same input always gives the same bytes.
A note on stderr says which format and podman version were targeted. --format quadlet prints the multi-unit
.quadlets form (\`---\` between files, a \`# FileName=\` line for each). --format kube prints the Kubernetes
objects of the project as one multi-document YAML stream (docs/kubernetes.md).

Examples:
  $ compose2systemd convert -f compose.yaml               every unit on stdout, each after a "# ==> NAME <==" line
  $ compose2systemd convert -o units/ --podman-version 5.2
  $ compose2systemd convert --format quadlet --podman-version 5.4 -o quadlet/
  $ compose2systemd convert --format kube > app.yaml             every Kubernetes object, for kubectl apply -f
  $ compose2systemd convert --format kube -o k8s/                one file per object
  $ compose2systemd convert -o units/ --check             in CI: fails when units/ is out of date`,
    )
    .action(async (opts: ConvertOpts, c: Command) => {
      const flags = c.optsWithGlobals<ProjectFlags & ConvertOpts>();
      if (opts.check && opts.output === undefined) {
        io.stderr('error: --check compares a folder of units: it needs -o DIR\n');
        setExit(EXIT_USAGE);
        return;
      }
      const format = flags.unitFormat ?? 'units';
      // The manifests need no podman; the `.kube` unit that `up` adds to them needs 4.4, the Quadlet minimum.
      const podmanVersion = flags.podmanVersion ?? (format === 'kube' ? formatPodmanVersion(minimumVersion('quadlet')) : undefined);
      const result = convertFromFlags(flags, io, podmanVersion, [], format);
      const json = flags.format === 'json';
      const target = { format, podmanVersion: podmanVersion ?? DEFAULT_PODMAN_VERSION };
      const targetNote =
        format === 'kube'
          ? `note: Kubernetes manifests; \`up --format kube\` runs them with podman kube play (podman ${target.podmanVersion} or newer)\n`
          : `note: ${FORMAT_NAMES[format]} for podman ${target.podmanVersion}${flags.unitFormat === undefined ? ` (--format ${OUTPUT_FORMATS.filter((f) => f !== 'units').join(' or ')} for other formats)` : ''}\n`;
      if (!result.files) {
        if (json) io.stdout(JSON.stringify({ diagnostics: toJson(result.diagnostics, result.sources), ...target, files: null }, null, 2) + '\n');
        else reportDiagnostics(io, result.diagnostics, result.sources, 'text');
        setExit(EXIT_INVALID);
        return;
      }
      const files = result.files;
      // Printed output shows where a private value comes from, not the value, unless asked for.
      const redact = (list: readonly OutputFile[]) => (opts.showSecrets === true ? list : list.map((f) => (f.sensitive && f.redacted !== undefined ? { ...f, content: f.redacted } : f)));
      const shown = redact(files);
      // The Kubernetes output is its manifests: one multi-document stream, or one file per object with -o.
      const manifests = result.output?.manifests ?? [];
      if (opts.output === undefined) {
        if (json) {
          io.stdout(JSON.stringify({ diagnostics: toJson(result.diagnostics, result.sources), ...target, files: shown.map(fileJson), ...(format === 'kube' ? { manifests: redact(manifests).map(fileJson) } : {}) }, null, 2) + '\n');
        } else {
          reportDiagnostics(io, result.diagnostics, result.sources, 'text');
          io.stdout(format === 'units' ? shown.map((f) => `# ==> ${f.name} <==\n${f.content}`).join('\n') : format === 'kube' ? kubeStream(shown, opts.showSecrets === true) : quadletsStream(shown));
          io.stderr(targetNote + (format === 'kube' ? privateSecretsNote(manifests, opts.showSecrets === true) : placementNote(files, format === 'quadlet')));
        }
        setExit(EXIT_OK);
        return;
      }
      const dir = resolve(io.cwd, opts.output);
      // -o names the one place to write, so without a host given (library use, tests) the real disk is meant.
      const host = io.host ? io.host() : createNodeHost({ env: io.env });
      const written = format === 'kube' ? manifests : files;
      const outcome = opts.check ? await checkFolder(host, dir, written) : await writeFolder(host, dir, written);
      const diagnostics = [...result.diagnostics, ...outcome.diagnostics];
      if (json) {
        io.stdout(JSON.stringify({ diagnostics: toJson(diagnostics, result.sources), ...target, ...outcome.json }, null, 2) + '\n');
      } else {
        reportDiagnostics(io, diagnostics, result.sources, 'text');
        io.stdout(outcome.stdout);
        io.stderr(outcome.stderr + (opts.check || outcome.code !== EXIT_OK ? '' : targetNote + (format === 'kube' ? privateSecretsNote(manifests, undefined) : placementNote(files, false))));
      }
      setExit(outcome.code);
    });
}

const FORMAT_NAMES: Readonly<Record<OutputFormat, string>> = { units: 'plain units', quadlet: 'Quadlet files', kube: 'Kubernetes manifests' };

function fileJson(f: OutputFile): object {
  return {
    name: f.name,
    ...(f.root !== 'units' ? { root: f.root } : {}),
    ...(f.unit !== undefined && f.unit !== f.name ? { unit: f.unit } : {}),
    ...(f.mode !== undefined ? { mode: `0${f.mode.toString(8)}` } : {}),
    content: f.content,
  };
}

/** The Kubernetes objects as one stream; the private Secrets (see private-secrets.ts) only when asked for. */
function kubeStream(files: readonly OutputFile[], showSecrets: boolean): string {
  const yaml = files.find(isKubeYaml)?.content ?? '';
  if (!showSecrets) return yaml;
  return yaml + files.filter((f) => f.root === 'private' && f.name.endsWith('-secret.yaml')).map((f) => `---\n${f.content}`).join('');
}

/**
 * Say which Secrets hold values that are not in the compose file, and where they are: left out of stdout (unless
 * --show-secrets), written by `-o DIR` as files of mode 0600 (`written` undefined).
 */
function privateSecretsNote(manifests: readonly OutputFile[], printed: boolean | undefined): string {
  const privates = manifests.filter((f) => f.sensitive === true);
  if (privates.length === 0) return '';
  const names = privates.map((f) => f.name).join(', ');
  if (printed === undefined) return `note: ${names} hold${privates.length === 1 ? 's' : ''} values that are not in the compose file (mode 0600): keep ${privates.length === 1 ? 'it' : 'them'} out of version control; \`kubectl apply -f DIR\` creates the Secrets with the rest\n`;
  if (printed) return '';
  return `note: the Secrets of ${names} hold values that are not in the compose file and are not printed: \`convert --format kube -o DIR\` writes them as files of mode 0600, --show-secrets prints them\n`;
}

/**
 * The multi-unit `.quadlets` form that podman 5.8's `podman quadlet install` reads: `---` between files, each
 * opened by `# FileName=NAME`, NAME without the extension (podman appends the one of the file's [Container],
 * [Volume] ... section: `web.container` there would be installed as `web.container.container`). Quadlet files
 * only: podman refuses the whole stream when one section has no Quadlet section, as a plain unit has none.
 */
function quadletsStream(files: readonly OutputFile[]): string {
  return files
    .filter((f) => f.root === 'quadlet')
    .map((f) => `# FileName=${posix.parse(f.name).name}\n${f.content}`)
    .join('---\n');
}

/**
 * Say where the files that are not plain units belong: the systemd unit directory, the private folder; and,
 * for the Quadlet stream on stdout, that it leaves out every file that is not a Quadlet file.
 */
function placementNote(files: readonly OutputFile[], stream: boolean): string {
  const lines: string[] = [];
  const units = files.filter((f) => f.root === 'units');
  const privates = files.filter((f) => f.root === 'private');
  if (files.some((f) => f.root === 'quadlet')) {
    const names = units.map((f) => f.name).join(', ');
    const one = units.length === 1;
    lines.push(
      stream
        ? `note: ${names} ${one ? 'is a plain unit' : 'are plain units'} for the systemd unit directory, left out of stdout: \`podman quadlet install\`` +
            ` takes only Quadlet files; \`convert --format quadlet -o DIR\` writes ${one ? 'it' : 'them'} too, \`up --format quadlet\` installs every file\n`
        : `note: ${names} ${one ? 'belongs' : 'belong'} in the systemd unit directory, the Quadlet files in a Quadlet directory; \`up --format quadlet\` installs both\n`,
    );
  }
  if (privates.length > 0) {
    lines.push(
      `note: ${privates.map((f) => f.name).join(', ')} hold${privates.length === 1 ? 's' : ''} values that are not in the compose file (mode 0600); the units read them from %E/compose2systemd/PROJECT (/etc/... for system units, ~/.config/... for user units), where \`up\` installs them${stream ? ' (not on stdout either)' : ''}\n`,
    );
  }
  return lines.join('');
}

interface FolderOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: object;
  readonly diagnostics: readonly Diagnostic[];
}

/** What is in `dir` now: generated names plus every other unit-like file (extras count as differences). */
async function readFolder(host: Host, dir: string, files: readonly OutputFile[]): Promise<{ present: Map<string, string | undefined>; extras: string[] }> {
  const entries = (await host.listDir(dir)) ?? [];
  const wanted = new Set(files.map((f) => f.name));
  const present = new Map<string, string | undefined>();
  const extras: string[] = [];
  for (const e of entries) {
    if (!wanted.has(e.name) && !UNIT_FILE.test(e.name)) continue;
    if (e.name.startsWith('.')) continue;
    present.set(e.name, e.kind === 'file' ? await host.readFile(posix.join(dir, e.name)) : undefined);
    if (!wanted.has(e.name)) extras.push(e.name);
  }
  return { present, extras };
}

async function checkFolder(host: Host, dir: string, files: readonly OutputFile[]): Promise<FolderOutcome> {
  const { present, extras } = await readFolder(host, dir, files);
  const changes: Change[] = [];
  for (const f of files) {
    if (!present.has(f.name)) changes.push({ kind: 'create', name: f.name, after: f.content });
    else if (present.get(f.name) !== f.content) changes.push({ kind: 'update', name: f.name, before: present.get(f.name), after: f.content, bodyChanged: true });
  }
  for (const name of extras) changes.push({ kind: 'delete', name, before: present.get(name) });
  changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const diff = renderDiff(changes);
  const differs = changes.length > 0;
  const summary = differs
    ? `${dir} differs from the units convert would write now: ${changes.length} file${changes.length === 1 ? '' : 's'} (${describe(changes)}); run the same convert without --check to update it\n`
    : `${dir} is up to date (${files.length} units)\n`;
  return { code: differs ? EXIT_INVALID : EXIT_OK, stdout: diff, stderr: summary, json: { differs, diff, changes: changes.map((c) => ({ file: c.name, change: c.kind === 'create' ? 'missing' : c.kind === 'delete' ? 'extra' : 'differs' })) }, diagnostics: [] };
}

function describe(changes: readonly Change[]): string {
  const n = (k: Change['kind']) => changes.filter((c) => c.kind === k).length;
  return [`${n('create')} missing`, `${n('update')} different`, `${n('delete')} extra`].join(', ');
}

async function writeFolder(host: Host, dir: string, files: readonly OutputFile[]): Promise<FolderOutcome> {
  const { present, extras } = await readFolder(host, dir, files);
  // One durable point for the whole folder (writeFilesAtomic), not an fsync per file: an export has no
  // order to keep between its files, unlike `up`.
  const changed = files.filter((f) => present.get(f.name) !== f.content);
  let written: readonly string[] = [];
  try {
    await host.mkdirp(dir);
    if (changed.length > 0) await host.writeFilesAtomic(dir, changed);
    written = changed.map((f) => f.name);
  } catch (error) {
    const failed = error instanceof FileWriteError ? error : undefined;
    const path = failed?.path ?? dir;
    const reason = error instanceof Error ? error.message : String(error);
    const d = diagnostic(applyCodes.writeFailed, `could not write \`${path}\`: ${reason}`, [{ span: { file: path, start: 0, end: 0 } }], { help: 'fix the cause and run convert again' });
    return { code: EXIT_INVALID, stdout: '', stderr: '', json: { written: failed?.written ?? [] }, diagnostics: [d] };
  }
  // Silent on success, like cp. Deleting is left to the user: -o may name a folder holding files worth keeping.
  const lines: string[] = [];
  if (extras.length > 0) lines.push(`note: ${dir} also holds ${extras.join(', ')}, which this project no longer generates; remove ${extras.length === 1 ? 'it' : 'them'} by hand\n`);
  const isWritten = new Set(written);
  return { code: EXIT_OK, stdout: '', stderr: lines.join(''), json: { written, unchanged: files.filter((f) => !isWritten.has(f.name)).map((f) => f.name), extras }, diagnostics: [] };
}
