// Golden cases: the case folders, their options, and conversion of a case in either systemd format (shared by
// golden.test.ts and quadlet-generator.test.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { convertProject } from '../../src/pipeline.js';
import type { SourceRegistry } from '../../src/source/source-file.js';
import { diskFs } from '../support/cli.js';

export const ROOT = dirname(fileURLToPath(import.meta.url));
export const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, d.name, 'case.json')))
  .map((d) => d.name)
  .sort();

export interface CaseOptions {
  readonly files?: string[];
  readonly pod?: boolean;
  readonly podmanVersion?: string;
  readonly scope?: 'user' | 'system';
  readonly profiles?: string[];
  readonly env?: Record<string, string>;
  /** A case whose conversion must fail: expected/ then holds only diagnostics.txt. */
  readonly fails?: boolean;
  /** `--auto-update` for every service without a policy of its own. */
  readonly autoUpdate?: 'registry' | 'local';
  /** The podman version of the Quadlet rendering (default 5.4). */
  readonly quadletPodmanVersion?: string;
  /** More podman versions to render Quadlet for, each into `expected-quadlet-<version>/` (the version gates). */
  readonly quadletPodmanVersions?: string[];
  /** Quadlet conversions that must fail (e.g. a pod before podman 5.0): every one (true), or those of the versions listed. */
  readonly quadletFails?: boolean | string[];
  /** A case whose Kubernetes conversion must fail (e.g. --pod). */
  readonly kubeFails?: boolean;
}

export const FORMATS = [
  { format: 'units', dir: 'expected' },
  { format: 'quadlet', dir: 'expected-quadlet' },
  { format: 'kube', dir: 'expected-kube' },
] as const;

export type CaseFormat = (typeof FORMATS)[number]['format'];

export const DEFAULT_QUADLET_VERSION = '5.4';

export interface Rendering {
  readonly format: CaseFormat;
  /** The folder of the expected files, beside the compose input. */
  readonly dir: string;
  /** The target podman of a Quadlet rendering. */
  readonly podmanVersion?: string;
}

/** Every rendering of a case: each format, then Quadlet for each further version the case asks for. */
export function renderingsOf(name: string): Rendering[] {
  const opts = caseOptions(name);
  return [
    ...FORMATS.map((f) => (f.format === 'quadlet' ? { ...f, podmanVersion: opts.quadletPodmanVersion ?? DEFAULT_QUADLET_VERSION } : f)),
    ...(opts.quadletPodmanVersions ?? []).map((v) => ({ format: 'quadlet' as const, dir: `expected-quadlet-${v}`, podmanVersion: v })),
  ];
}

/** Whether the case's conversion in this rendering must fail. */
export function mustFail(opts: CaseOptions, r: Rendering): boolean {
  // kubeFails, when given, decides for the kube rendering even in a failing case (x-systemd is only dropped there)
  if (r.format === 'kube' && opts.kubeFails !== undefined) return opts.kubeFails;
  if (opts.fails) return true;
  if (r.format === 'kube') return false;
  if (r.format !== 'quadlet') return false;
  return Array.isArray(opts.quadletFails) ? opts.quadletFails.includes(r.podmanVersion!) : opts.quadletFails === true;
}

/** One line per diagnostic, paths relative to the case, so the text is the same on every machine. */
export function diagnosticsText(diagnostics: readonly Diagnostic[], sources: SourceRegistry, dir: string): string {
  return diagnostics
    .map((d) => {
      const l = d.labels[0];
      const file = l ? sources.get(l.span.file) : undefined;
      const at = l && file ? `${l.span.file.replace(dir + '/', '')}:${file.positionOf(l.span.start).line}:${file.positionOf(l.span.start).column}` : '-';
      return `${d.severity} ${d.code} ${at} ${d.message.replaceAll(dir, '<case>')}`;
    })
    .sort()
    .join('\n');
}

export function caseOptions(name: string): CaseOptions {
  return JSON.parse(readFileSync(join(ROOT, name, 'case.json'), 'utf8')) as CaseOptions;
}

/** Converts a case in one format; Quadlet for `quadletVersion` (the case's own Quadlet version when not given). */
export function convertCase(name: string, format: CaseFormat, quadletVersion?: string) {
  const dir = join(ROOT, name);
  const opts = caseOptions(name);
  // The Kubernetes output runs through a Quadlet `.kube` unit, so it targets the case's Quadlet podman.
  const podmanVersion = format === 'units' ? opts.podmanVersion : (quadletVersion ?? opts.quadletPodmanVersion ?? DEFAULT_QUADLET_VERSION);
  const result = convertProject(
    { files: (opts.files ?? ['compose.yaml']).map((f) => join(dir, f)), cwd: dir, env: opts.env ?? {}, homeDir: '/home/user', ...(opts.profiles ? { profiles: opts.profiles } : {}) },
    { format, pod: opts.pod ?? false, scope: opts.scope ?? 'user', ...(podmanVersion ? { podmanVersion } : {}), ...(opts.autoUpdate ? { autoUpdate: opts.autoUpdate } : {}) },
    diskFs,
  );
  // Plain units keep their flat layout (private files apart); Quadlet and Kubernetes output name the place of each file.
  const path = (f: { root: string; name: string }) => (format === 'units' && f.root === 'units' ? f.name : `${f.root}/${f.name}`);
  const files = new Map<string, string>((result.files ?? []).map((f) => [path(f), f.content.replaceAll(dir, '<case>')]));
  files.set('diagnostics.txt', diagnosticsText(result.diagnostics, result.sources, dir) + '\n');
  return { dir, opts, result, files };
}

/** Every file under `dir`, by its path relative to it. */
export function readTree(dir: string, prefix = ''): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) for (const [k, v] of readTree(join(dir, e.name), `${prefix}${e.name}/`)) out.set(k, v);
    else out.set(`${prefix}${e.name}`, readFileSync(join(dir, e.name), 'utf8'));
  }
  return out;
}

