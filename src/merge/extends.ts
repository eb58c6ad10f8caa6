// Stage 5b, extends: a merged tree -> the same tree with every `extends` resolved (chains, other files, cycles).
// The base service is merged under the local one with the ordinary merge rules. Reports C411-C413.
import { dirname, isAbsolute, resolve } from 'node:path';
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { absolutizeService } from '../load/relative-paths.js';
import { isPlainObject, plainObjectOf, type Tree } from '../load/tree.js';
import { originsByChild, pointerJoin, spanAt, type Origins } from '../source/origins.js';
import { extendsCodes as mergeCodes } from './extends-codes.js';
import { mergeServices } from './merge-trees.js';

export interface ExtendsContext {
  /** Another compose file, parsed, interpolated and validated; undefined when it cannot be read (already reported). */
  loadFile(path: string): Tree | undefined;
  /** The directory that relative `extends.file` paths of the main project resolve against. */
  readonly projectDir: string;
}

interface Resolved {
  readonly value: Record<string, unknown>;
  readonly origins: Origins;
}

export function resolveExtends(tree: Tree, ctx: ExtendsContext): { tree: Tree; diagnostics: Diagnostic[] } {
  const root = tree.value;
  if (!isPlainObject(root) || !isPlainObject(root['services'])) return { tree, diagnostics: [] };
  const own = Object.entries(root['services']);
  const extending = own.filter(([, service]) => isPlainObject(service) && service['extends'] !== undefined);
  // Only services that extend change; others (tags included) pass through for the merge to handle.
  if (extending.length === 0) return { tree, diagnostics: [] };
  const resolver = new ExtendsResolver(ctx);
  resolver.files.set(MAIN, tree);
  const services = new Map(own);
  const origins: Origins = new Map(tree.origins);
  for (const [name] of extending) {
    const r = resolver.resolve(MAIN, name, []);
    if (!r) continue;
    const at = pointerJoin('/services', name);
    services.set(name, r.value);
    for (const p of resolver.originsOf(MAIN, name).keys()) origins.delete(at + p);
    for (const [p, o] of r.origins) origins.set(at + p, o);
  }
  return { tree: { value: { ...root, services: plainObjectOf(services) }, origins }, diagnostics: resolver.diagnostics };
}

const MAIN = '\u0000main';

class ExtendsResolver {
  readonly files = new Map<string, Tree | undefined>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly done = new Map<string, Resolved | undefined>();
  /** Per file: the origins of each service, rooted at the service; indexed once per file. */
  private readonly serviceOrigins = new Map<string, Map<string, Origins>>();

  constructor(private readonly ctx: ExtendsContext) {}

  /** The origins of service `name` of `file` (a file already in `files`), rooted at the service. */
  originsOf(file: string, name: string): Origins {
    let index = this.serviceOrigins.get(file);
    if (!index) {
      const tree = this.files.get(file);
      index = tree ? originsByChild(tree.origins, '/services') : new Map<string, Origins>();
      this.serviceOrigins.set(file, index);
    }
    return index.get(name) ?? new Map();
  }

  /** The service `name` of `file` with its extends chain applied, origins rooted at the service. */
  resolve(file: string, name: string, stack: readonly string[]): Resolved | undefined {
    const id = `${file}#${name}`;
    if (this.done.has(id)) return this.done.get(id);
    const tree = this.files.get(file);
    const pointer = pointerJoin('/services', name);
    const own = tree ? serviceOf(tree, name) : undefined;
    if (!tree || !isPlainObject(own)) return undefined;
    const local: Resolved = { value: own, origins: this.originsOf(file, name) };
    const ext = own['extends'];
    if (ext === undefined) {
      this.done.set(id, local);
      return local;
    }
    const baseName = typeof ext === 'string' ? ext : isPlainObject(ext) ? String(ext['service']) : '';
    const at = spanAt(tree.origins, pointerJoin(pointer, 'extends'));
    const labels = at ? [{ span: at }] : [];
    let baseFile = file;
    if (isPlainObject(ext) && typeof ext['file'] === 'string') {
      const declaredIn = spanAt(tree.origins, pointerJoin(pointer, 'extends'))?.file;
      const dir = declaredIn && declaredIn !== '-' ? dirname(declaredIn) : this.ctx.projectDir;
      baseFile = isAbsolute(ext['file']) ? ext['file'] : resolve(dir, ext['file']);
      if (!this.files.has(baseFile)) this.files.set(baseFile, this.ctx.loadFile(baseFile));
      if (!this.files.get(baseFile)) {
        const fileSpan = spanAt(tree.origins, pointerJoin(pointerJoin(pointer, 'extends'), 'file'));
        this.diagnostics.push(
          diagnostic(mergeCodes.extendsFileMissing, `service \`${name}\` extends a file that cannot be loaded: ${baseFile}`, fileSpan ? [{ span: fileSpan }] : labels),
        );
        this.done.set(id, undefined);
        return undefined;
      }
    }
    const baseId = `${baseFile}#${baseName}`;
    if (stack.includes(baseId) || baseId === id) {
      const path = [...stack, id, baseId].map((s) => s.split('#')[1]).join(' -> ');
      this.diagnostics.push(diagnostic(mergeCodes.extendsCycle, `extends cycle: ${path}`, labels, { help: 'break the chain so that no service extends itself' }));
      this.done.set(id, undefined);
      return undefined;
    }
    const baseTree = this.files.get(baseFile);
    if (!baseTree || !isPlainObject(serviceOf(baseTree, baseName))) {
      const where = baseFile === file ? 'this project' : baseFile;
      this.diagnostics.push(
        diagnostic(mergeCodes.extendsServiceMissing, `service \`${name}\` extends \`${baseName}\`, which is not a service of ${where}`, labels, {
          help: baseFile === file ? undefined : 'the file must define it under a top-level `services:` key',
        }),
      );
      this.done.set(id, undefined);
      return undefined;
    }
    const base = this.resolve(baseFile, baseName, [...stack, id]);
    if (!base) {
      this.done.set(id, undefined);
      return undefined;
    }
    const baseValue = baseFile === file ? base.value : absolutizeService(base.value, dirname(baseFile));
    const merged = mergeServices({ value: baseValue, origins: base.origins }, local);
    this.diagnostics.push(...merged.diagnostics);
    const result: Resolved = { value: merged.tree.value as Record<string, unknown>, origins: merged.tree.origins };
    this.done.set(id, result);
    return result;
  }
}

/** The service `name` of a file, looked up as an own key (`toString` or `__proto__` may name a service, or none). */
function serviceOf(tree: Tree, name: string): unknown {
  const services = isPlainObject(tree.value) ? tree.value['services'] : undefined;
  return isPlainObject(services) && Object.hasOwn(services, name) ? services[name] : undefined;
}
