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
  /** A case whose Quadlet conversion must fail (e.g. a pod before podman 5.0). */
  readonly quadletFails?: boolean;
}

export const FORMATS = [
  { format: 'units', dir: 'expected' },
  { format: 'quadlet', dir: 'expected-quadlet' },
] as const;

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

export function convertCase(name: string, format: 'units' | 'quadlet') {
  const dir = join(ROOT, name);
  const opts = caseOptions(name);
  const podmanVersion = format === 'quadlet' ? (opts.quadletPodmanVersion ?? '5.4') : opts.podmanVersion;
  const result = convertProject(
    { files: (opts.files ?? ['compose.yaml']).map((f) => join(dir, f)), cwd: dir, env: opts.env ?? {}, homeDir: '/home/user', ...(opts.profiles ? { profiles: opts.profiles } : {}) },
    { format, pod: opts.pod ?? false, scope: opts.scope ?? 'user', ...(podmanVersion ? { podmanVersion } : {}), ...(opts.autoUpdate ? { autoUpdate: opts.autoUpdate } : {}) },
    diskFs,
  );
  // Plain units keep their flat layout (private files apart); Quadlet output names the place of each file.
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

