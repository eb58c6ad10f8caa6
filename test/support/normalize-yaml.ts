// Test helper: one compose file's YAML -> normalize's result (parse + normalize, no interpolation), at
// /srv/proj/compose.yaml for project `proj`.
import { parseComposeFile } from '../../src/load/parse.js';
import { normalizeProject, type EnvFileContents, type NormalizeResult } from '../../src/model/normalize.js';
import type { ComposeProject } from '../../src/model/types.js';
import { SourceFile } from '../../src/source/source-file.js';

export interface NormalizeYamlOptions {
  readonly env?: Record<string, string>;
  /** Env files by absolute path; a path not listed is a missing file. */
  readonly envFiles?: Record<string, Record<string, string>>;
}

export function normalizeYaml(yaml: string, options: NormalizeYamlOptions = {}): { result: NormalizeResult; source: SourceFile } {
  const source = new SourceFile('/srv/proj/compose.yaml', yaml);
  const parsed = parseComposeFile(source);
  if (!parsed.tree) throw new Error(`fixture does not parse: ${JSON.stringify(parsed.diagnostics)}`);
  const result = normalizeProject({
    value: parsed.tree.value as Record<string, unknown>,
    origins: parsed.tree.origins,
    name: 'proj',
    workingDir: '/srv/proj',
    homeDir: '/home/u',
    lookupEnv: (n) => options.env?.[n],
    readEnvFile: (path): EnvFileContents | undefined => {
      const vars = options.envFiles?.[path];
      return vars ? { vars: Object.entries(vars) } : undefined;
    },
    sourceText: (span) => source.text.slice(span.start, span.end),
  });
  return { result, source };
}

/** The normalised project of a fixture that must normalise. */
export function projectFromYaml(yaml: string, options: NormalizeYamlOptions = {}): { project: ComposeProject; source: SourceFile } {
  const { result, source } = normalizeYaml(yaml, options);
  if (!result.project) throw new Error(`fixture does not normalize: ${JSON.stringify(result.diagnostics)}`);
  return { project: result.project, source };
}
