// Stages 1-6 for one run: options + files -> a normalised ComposeProject, or diagnostics.
// discover -> env -> per file (parse, interpolate, validate, extends, include) -> merge -> profiles -> normalize
// -> dependency graph (a cycle makes the project invalid).
import { basename, dirname, join, resolve } from 'node:path';
import { diagnostic } from '../diagnostics/code.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildGraph, type DependencyGraph } from '../graph/dependency-graph.js';
import { selectServices } from '../graph/select-services.js';
import { ExpansionBudget } from '../interpolate/expansion-budget.js';
import { interpolateTree } from '../interpolate/interpolate-tree.js';
import { resolveExtends } from '../merge/extends.js';
import { mergeTrees, resolveTags } from '../merge/merge-trees.js';
import { normalizeProject } from '../model/normalize.js';
import type { ComposeProject } from '../model/types.js';
import { originsByChild, pointerJoin, spanAt, type Origins } from '../source/origins.js';
import { SourceFile, SourceRegistry } from '../source/source-file.js';
import { castInterpolatedTypes, validateTree } from '../validate/validate.js';
import { loadCodes } from './codes.js';
import { discoverFiles, STDIN } from './discover.js';
import { parseDotenv } from './dotenv.js';
import { fileTooLarge, includeTooDeep, LOAD_LIMITS, ReadBudget, tooManyServices } from './load-limits.js';
import type { LoaderFs } from './loader-fs.js';
import { decodeText, parseComposeFile } from './parse.js';
import { invalidProjectName, isValidProjectName, normalizeProjectName } from './project-name.js';
import { absolutizeProject } from './relative-paths.js';
import { isPlainObject, plainObjectOf, type Tree } from './tree.js';

export interface LoadOptions {
  /** `-f` values; `-` reads `stdin`. */
  readonly files: readonly string[];
  readonly cwd: string;
  readonly projectDirectory?: string;
  /** `-p`. */
  readonly projectName?: string;
  /** `--env-file` values; when given, they replace the project directory's `.env`. */
  readonly envFiles?: readonly string[];
  /** `--profile` values (COMPOSE_PROFILES is read from the environment when none are given). */
  readonly profiles?: readonly string[];
  /** Services named on the command line. */
  readonly services?: readonly string[];
  /** The OS environment. It wins over `.env` and `--env-file`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly stdin?: string;
}

export interface LoadResult {
  readonly project?: ComposeProject;
  /** The project's dependency graph (present with the project). */
  readonly graph?: DependencyGraph;
  /** The compose files read, in order (absolute, or `-`), once discovery succeeded. */
  readonly files: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: SourceRegistry;
}

const RESOURCE_KINDS = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;

export function loadProject(options: LoadOptions, fs: LoaderFs): LoadResult {
  const loader = new Loader(options, fs);
  const project = loader.run();
  return { project, ...(project && loader.graph ? { graph: loader.graph } : {}), files: loader.files, diagnostics: loader.diagnostics, sources: loader.sources };
}

interface Env {
  readonly lookup: (name: string) => string | undefined;
}

class Loader {
  readonly sources = new SourceRegistry();
  readonly diagnostics: Diagnostic[] = [];
  files: readonly string[] = [];
  graph: DependencyGraph | undefined;
  private readonly budget = new ReadBudget();
  private readonly expansion = new ExpansionBudget();
  /** A loader limit (C119) was hit: nothing more is read, so one hostile file gives one error, not thousands. */
  private limitHit = false;
  /** Files that exist but were refused (over the size limit, not text): reported once, never "not found". */
  private readonly refused = new Set<string>();

  constructor(
    private readonly options: LoadOptions,
    private readonly fs: LoaderFs,
  ) {}

  run(): ComposeProject | undefined {
    const { options } = this;
    const osEnv = options.env;
    const cwdDotenv = options.envFiles?.length ? new Map<string, string>() : this.readDotenvIfPresent(join(options.cwd, '.env'));
    const fromEnv = (n: string) => osEnv[n] ?? cwdDotenv.get(n);
    const found = discoverFiles(
      {
        files: options.files,
        cwd: options.cwd,
        ...(options.projectDirectory ? { projectDirectory: options.projectDirectory } : {}),
        ...(fromEnv('COMPOSE_FILE') ? { composeFileVar: fromEnv('COMPOSE_FILE')! } : {}),
        ...(fromEnv('COMPOSE_PATH_SEPARATOR') ? { pathSeparator: fromEnv('COMPOSE_PATH_SEPARATOR')! } : {}),
      },
      this.fs,
    );
    this.diagnostics.push(...found.diagnostics);
    if (!found.discovered) return undefined;
    const { files, projectDir } = found.discovered;
    this.files = files;

    const vars = this.projectVariables(projectDir, options.envFiles?.map((f) => resolve(options.cwd, f)));
    if (hasErrors(this.diagnostics)) return undefined;
    let name = options.projectName ?? osEnv['COMPOSE_PROJECT_NAME'] ?? vars.get('COMPOSE_PROJECT_NAME');
    if (name !== undefined && !this.checkName(name, undefined)) return undefined;
    const tentative = name ?? normalizeProjectName(basename(projectDir));
    const env: Env = { lookup: (n) => osEnv[n] ?? vars.get(n) ?? (n === 'COMPOSE_PROJECT_NAME' ? tentative : undefined) };

    const merged = this.loadMerged(files, projectDir, env, []);
    if (!merged || hasErrors(this.diagnostics)) return undefined;
    const root = merged.value as Record<string, unknown>;

    if (name === undefined && typeof root['name'] === 'string' && root['name'] !== '') {
      name = root['name'];
      const at = spanAt(merged.origins, '/name');
      if (!this.checkName(name, at)) return undefined;
    }
    name ??= normalizeProjectName(basename(projectDir));
    if (name === '') {
      this.diagnostics.push(diagnostic(loadCodes.invalidProjectName, `cannot derive a project name from the directory ${projectDir}`, [], { help: 'give one with -p NAME or a top-level `name:`' }));
      return undefined;
    }

    const services = isPlainObject(root['services']) ? root['services'] : {};
    if (Object.keys(services).length > LOAD_LIMITS.services) {
      const at = spanAt(merged.origins, '/services');
      this.overLimit(tooManyServices(Object.keys(services).length, at ? [{ span: at }] : [], 'the project'));
      return undefined;
    }
    if (Object.keys(services).length === 0) {
      const at = spanAt(merged.origins, '/services') ?? spanAt(merged.origins, '');
      this.diagnostics.push(diagnostic(loadCodes.noServices, 'the project defines no services', at ? [{ span: at }] : [], { help: 'add a `services:` mapping with at least one service' }));
      return undefined;
    }
    const profilesVar = env.lookup('COMPOSE_PROFILES');
    const profiles = options.profiles?.length ? options.profiles : profilesVar ? profilesVar.split(',').map((p) => p.trim()).filter(Boolean) : [];
    const selected = selectServices(services, merged.origins, { profiles, services: options.services ?? [] });
    this.diagnostics.push(...selected.diagnostics);
    if (hasErrors(this.diagnostics)) return undefined;

    const normalized = normalizeProject({
      value: { ...root, services: selected.services },
      origins: merged.origins,
      name,
      workingDir: projectDir,
      homeDir: options.homeDir,
      lookupEnv: env.lookup,
      readEnvFile: (path, format) => this.readEnvFile(path, env, { raw: format === 'raw' }),
      // YAML has already read `mode: 0440` as decimal 440; compose reads such modes as octal from the source text
      sourceText: (span) => this.sources.get(span.file)?.text.slice(span.start, span.end),
      inactiveServices: new Set(Object.keys(services).filter((n) => !selected.active.has(n))),
    });
    this.diagnostics.push(...normalized.diagnostics);
    if (!normalized.project || hasErrors(this.diagnostics)) return undefined;
    // A depends_on cycle makes the project invalid for every command, as it does for docker compose.
    const graphed = buildGraph(normalized.project);
    this.diagnostics.push(...graphed.diagnostics);
    if (!graphed.graph) return undefined;
    this.graph = graphed.graph;
    return normalized.project;
  }

  private checkName(name: string, at: ReturnType<typeof spanAt>): boolean {
    if (isValidProjectName(name)) return true;
    this.diagnostics.push(invalidProjectName(name, at));
    return false;
  }

  /** Variables for interpolation: `--env-file`s in order, or the project directory's `.env`. */
  private projectVariables(projectDir: string, envFiles: readonly string[] | undefined): Map<string, string> {
    if (!envFiles || envFiles.length === 0) return this.readDotenvIfPresent(join(projectDir, '.env'));
    const vars = new Map<string, string>();
    for (const f of envFiles) {
      const read = this.readEnvFile(f, { lookup: (n) => this.options.env[n] ?? vars.get(n) });
      if (!read) {
        this.diagnostics.push(diagnostic(loadCodes.envFileNotFound, `env file not found: ${f}`, [], { help: 'check the path given with --env-file' }));
        continue;
      }
      for (const [k, v] of read.vars) vars.set(k, v);
    }
    return vars;
  }

  private readDotenvIfPresent(path: string): Map<string, string> {
    if (!this.fs.isFile(path)) return new Map();
    const read = this.readEnvFile(path, { lookup: (n) => this.options.env[n] });
    return new Map(read?.vars ?? []);
  }

  /** Reads a dotenv-syntax file; undefined when it does not exist. Problems inside are reported here. */
  readEnvFile(path: string, env: Env, opts: { raw?: boolean } = {}): { vars: [string, string][] } | undefined {
    const source = this.readSource(path);
    if (!source) return this.refused.has(path) ? { vars: [] } : undefined;
    if (!this.charge(source)) return { vars: [] };
    const parsed = parseDotenv(source.text, source.path, env.lookup, { ...opts, budget: this.expansion });
    this.diagnostics.push(...parsed.diagnostics);
    return { vars: parsed.vars };
  }

  private readSource(path: string): SourceFile | undefined {
    const known = this.sources.get(path);
    if (known) return known;
    if (this.refused.has(path)) return undefined;
    let text: string | undefined;
    if (path === STDIN) {
      text = this.options.stdin ?? '';
      const bytes = Buffer.byteLength(text);
      if (bytes > LOAD_LIMITS.fileBytes) return this.refuse(path, fileTooLarge('standard input', bytes));
    } else {
      const bytes = this.fs.readFile(path);
      if (!bytes) return undefined;
      if (bytes.length > LOAD_LIMITS.fileBytes) {
        this.limitHit = true;
        return this.refuse(path, fileTooLarge(path, bytes.length));
      }
      text = decodeText(bytes);
      if (text === undefined) return this.refuse(path, diagnostic(loadCodes.notText, `${path} is not UTF-8 text (binary data?)`, [], { help: 'a compose file is YAML text' }));
    }
    return this.sources.add(new SourceFile(path, text.replace(/^\uFEFF/, '')));
  }

  private overLimit(d: Diagnostic): void {
    this.limitHit = true;
    this.diagnostics.push(d);
  }

  private refuse(path: string, d: Diagnostic): undefined {
    this.refused.add(path);
    this.diagnostics.push(d);
    return undefined;
  }

  /** Counts one parse of `source` against the run's read budget; false (reported) when over it. */
  private charge(source: SourceFile): boolean {
    if (this.limitHit) return false;
    const over = this.budget.charge(source.path, source.text.length);
    if (over === undefined) return true;
    if (over !== true) this.overLimit(over);
    return false;
  }

  /** Files loaded and merged in order. `stack` guards include cycles. */
  private loadMerged(files: readonly string[], projectDir: string, env: Env, stack: readonly string[]): Tree | undefined {
    let merged: Tree | undefined;
    for (const file of files) {
      const tree = this.loadFile(file, projectDir, env, stack);
      if (!tree) continue;
      if (!merged) merged = resolveTags(tree, this.diagnostics);
      else {
        const m = mergeTrees(merged, tree);
        this.diagnostics.push(...m.diagnostics);
        merged = m.tree;
      }
    }
    if (!merged) return undefined;
    // Validate what the files say together: an override file alone is partial (e.g. a depends_on entry
    // without `condition`), and docker compose checks the merged result too.
    const value = castInterpolatedTypes(merged.value);
    this.diagnostics.push(...validateTree({ value, origins: merged.origins }));
    return { value, origins: merged.origins };
  }

  private loadExtendsFile(path: string, env: Env): Tree | undefined {
    const parsed = this.parseFile(path, env);
    if (!parsed) return undefined;
    const tree = resolveTags(parsed, this.diagnostics);
    this.diagnostics.push(...validateTree({ value: castInterpolatedTypes(tree.value), origins: tree.origins }));
    return tree;
  }

  /** Parse and interpolate one file. */
  private parseFile(path: string, env: Env): Tree | undefined {
    const source = this.readSource(path);
    if (!source || !this.charge(source)) return undefined;
    const parsed = parseComposeFile(source);
    this.diagnostics.push(...parsed.diagnostics);
    if (!parsed.tree) return undefined;
    // Before interpolation and extends, whose work grows with the number of services.
    const services = isPlainObject(parsed.tree.value) ? parsed.tree.value['services'] : undefined;
    if (isPlainObject(services) && Object.keys(services).length > LOAD_LIMITS.services) {
      const at = spanAt(parsed.tree.origins, '/services');
      this.overLimit(tooManyServices(Object.keys(services).length, at ? [{ span: at }] : [], path === STDIN ? 'standard input' : basename(path)));
      return undefined;
    }
    const interpolated = interpolateTree(parsed.tree, env.lookup, this.expansion);
    this.diagnostics.push(...interpolated.diagnostics);
    return interpolated.tree;
  }

  /** One file ready to merge: parsed, interpolated, its extends and includes resolved (tags kept). */
  private loadFile(path: string, projectDir: string, env: Env, stack: readonly string[]): Tree | undefined {
    const parsed = this.parseFile(path, env);
    if (!parsed || !isPlainObject(parsed.value)) return parsed;
    // As docker compose does, extends is resolved per file, before `!reset` tags are applied by the merge.
    const ext = resolveExtends(parsed, { projectDir, loadFile: (p) => this.loadExtendsFile(p, env) });
    this.diagnostics.push(...ext.diagnostics);
    const tree = ext.tree;
    if (!isPlainObject(tree.value)) return tree;
    const include = tree.value['include'];
    if (!Array.isArray(include)) return tree;
    return this.applyIncludes(tree, path, projectDir, include, [...stack, path]);
  }

  /** Each included project loads on its own (own directory, own .env); its resources join the including file. */
  private applyIncludes(tree: Tree, path: string, projectDir: string, include: unknown[], stack: readonly string[]): Tree {
    const value = { ...(tree.value as Record<string, unknown>) };
    delete value['include'];
    const origins: Origins = new Map(tree.origins);
    const baseDir = path === STDIN ? projectDir : dirname(path);
    let stop = false; // a limit was hit: the remaining includes would only add to the work
    include.forEach((entry, i) => {
      if (stop || this.limitHit) return;
      const at = spanAt(tree.origins, pointerJoin('/include', i));
      const labels = at ? [{ span: at }] : [];
      const spec = isPlainObject(entry) ? entry : { path: entry };
      const paths = (Array.isArray(spec['path']) ? spec['path'] : [spec['path']]).map((p) => resolve(baseDir, String(p)));
      if (paths.length === 0) {
        this.diagnostics.push(diagnostic(loadCodes.includeNotFound, 'this include entry names no file', labels, { help: 'give `path:` a file, or a list of files' }));
        return;
      }
      if (stack.length >= LOAD_LIMITS.includeDepth) {
        this.overLimit(includeTooDeep([...stack, paths[0] ?? ''].map((s) => basename(s)), labels));
        stop = true;
        return;
      }
      for (const p of paths) {
        if (stack.includes(p)) {
          this.diagnostics.push(diagnostic(loadCodes.includeCycle, `include cycle: ${[...stack, p].map((s) => basename(s)).join(' -> ')}`, labels));
          return;
        }
        if (!this.fs.isFile(p)) {
          this.diagnostics.push(diagnostic(loadCodes.includeNotFound, `included file not found: ${p}`, labels, { help: 'paths in `include` are relative to the including file' }));
          return;
        }
      }
      const dir = typeof spec['project_directory'] === 'string' ? resolve(baseDir, spec['project_directory']) : dirname(paths[0]!);
      const envFiles = spec['env_file'] === undefined ? undefined : (Array.isArray(spec['env_file']) ? spec['env_file'] : [spec['env_file']]).map((f) => resolve(baseDir, String(f)));
      const vars = this.projectVariables(dir, envFiles);
      const sub = this.loadMerged(paths, dir, { lookup: (n) => this.options.env[n] ?? vars.get(n) }, stack);
      if (!sub || !isPlainObject(sub.value)) return;
      const subValue = absolutizeProject(sub.value, dir);
      for (const kind of RESOURCE_KINDS) {
        const incoming = subValue[kind];
        if (!isPlainObject(incoming)) continue;
        // A Map, so that a resource named `toString` or `__proto__` is one of the project's names, not a property.
        const local = new Map(isPlainObject(value[kind]) ? Object.entries(value[kind]) : []);
        const incomingOrigins = originsByChild(sub.origins, pointerJoin('', kind));
        for (const [key, def] of Object.entries(incoming)) {
          const pointer = pointerJoin(pointerJoin('', kind), key);
          if (local.has(key)) {
            const localAt = spanAt(origins, pointer);
            this.diagnostics.push(
              diagnostic(loadCodes.includeConflict, `${kind.slice(0, -1)} \`${key}\` is defined both here and in included ${paths[0]}`, localAt ? [{ span: localAt }, ...labels] : labels, {
                help: 'rename one of them; an include cannot override local definitions',
              }),
            );
            continue;
          }
          local.set(key, def);
          for (const [p, o] of incomingOrigins.get(key) ?? []) origins.set(pointer + p, o);
        }
        value[kind] = plainObjectOf(local);
        if (kind === 'services' && local.size > LOAD_LIMITS.services) {
          this.overLimit(tooManyServices(local.size, labels, `${basename(path)} with its includes`));
          stop = true;
          return;
        }
      }
    });
    return { value, origins };
  }
}
