// Stage 5b, extends: a merged tree -> the same tree with every `extends` resolved (chains, other files, cycles).
// The base service is merged under the local one with the ordinary merge rules. Reports C411-C413.
import { dirname, isAbsolute, resolve } from 'node:path';
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { absolutizeService } from '../load/relative-paths.js';
import { isPlainObject, type Tree } from '../load/tree.js';
import { moveOrigins, pointerJoin, spanAt, type Origins } from '../source/origins.js';
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
  const resolver = new ExtendsResolver(ctx);
  resolver.files.set(MAIN, tree);
  const services: Record<string, unknown> = {};
  const origins: Origins = new Map([...tree.origins].filter(([p]) => !p.startsWith('/services/')));
  for (const [name, own] of Object.entries(root['services'])) {
    const at = pointerJoin('/services', name);
    // Only services that extend change; others (tags included) pass through for the merge to handle.
    const r = isPlainObject(own) && own['extends'] !== undefined ? resolver.resolve(MAIN, name, []) : undefined;
    services[name] = r ? r.value : own;
    for (const [p, o] of r ? moveOrigins(r.origins, '', at) : moveOrigins(tree.origins, at, at)) origins.set(p, o);
  }
  return { tree: { value: { ...root, services }, origins }, diagnostics: resolver.diagnostics };
}

const MAIN = '\u0000main';

class ExtendsResolver {
  readonly files = new Map<string, Tree | undefined>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly done = new Map<string, Resolved | undefined>();

  constructor(private readonly ctx: ExtendsContext) {}

  /** The service `name` of `file` with its extends chain applied, origins rooted at the service. */
  resolve(file: string, name: string, stack: readonly string[]): Resolved | undefined {
    const id = `${file}#${name}`;
    if (this.done.has(id)) return this.done.get(id);
    const tree = this.files.get(file);
    const pointer = pointerJoin('/services', name);
    const own = (tree && isPlainObject(tree.value) && isPlainObject(tree.value['services']) ? tree.value['services'][name] : undefined) as unknown;
    if (!tree || !isPlainObject(own)) return undefined;
    const local: Resolved = { value: own, origins: moveOrigins(tree.origins, pointer, '') };
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
    const baseServices = baseTree && isPlainObject(baseTree.value) ? baseTree.value['services'] : undefined;
    if (!isPlainObject(baseServices) || !isPlainObject(baseServices[baseName])) {
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
