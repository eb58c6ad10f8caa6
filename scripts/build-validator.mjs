// Build step for stage 4 (validate): compose-spec schema (dclint's copy) + schemas/compose-additions.json ->
// ajv standalone ESM module src/validate/generated/compose-validator.js and its .d.ts.
// Compiling here keeps the ~100 ms schema compile out of every CLI start; finish-build.mjs copies the result to dist.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// dclint's package exports do not expose the schema, so it is read by path (dclint is a pinned devDependency).
const dclintDir = join(root, 'node_modules', 'dclint');
const upstreamPath = join(dclintDir, 'schemas', 'compose.schema.json');
const dclintVersion = JSON.parse(readFileSync(join(dclintDir, 'package.json'), 'utf8')).version;
const additionsPath = join(root, 'schemas', 'compose-additions.json');
const outDir = join(root, 'src', 'validate', 'generated');

/** Keywords whose value is a map of name -> subschema. */
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];
/** Keywords whose value is a subschema or a list of subschemas. */
const SCHEMA_SLOTS = ['items', 'additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'oneOf', 'anyOf', 'allOf'];
/** Annotations nothing reads at run time; dropping them roughly halves the generated module. */
const ANNOTATIONS = ['description', 'title', 'examples', '$comment'];

function pointerSegments(pointer) {
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applies `add` entries; an entry upstream already has is skipped with a note, so additions never override upstream. */
function applyAdditions(schema, additions) {
  const notes = [];
  for (const [pointer, value] of Object.entries(additions.add ?? {})) {
    const segments = pointerSegments(pointer);
    const key = segments.pop();
    let parent = schema;
    for (const s of segments) {
      parent = parent?.[s];
      if (parent === undefined) throw new Error(`compose-additions.json: ${pointer}: parent does not exist in the upstream schema`);
    }
    if (typeof parent !== 'object' || parent === null || Array.isArray(parent)) throw new Error(`compose-additions.json: ${pointer}: parent is not an object`);
    if (key in parent) {
      notes.push(`upstream schema already defines ${pointer}; the addition was skipped, delete it from schemas/compose-additions.json`);
      continue;
    }
    parent[key] = structuredClone(value);
  }
  return notes;
}

/** Walks schema nodes only (not property-name maps), calling visit on each. */
function walkSchema(node, visit) {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const n of node) walkSchema(n, visit);
    return;
  }
  visit(node);
  for (const k of SCHEMA_MAPS) {
    const m = node[k];
    if (m && typeof m === 'object') for (const v of Object.values(m)) if (!Array.isArray(v)) walkSchema(v, visit);
  }
  for (const k of SCHEMA_SLOTS) if (k in node) walkSchema(node[k], visit);
}

/**
 * Replaces every local `$ref` with a copy of its target, so that each error's schemaPath is a full, unique path
 * from the root: with refs, ajv reports paths relative to the referenced definition, which loses the oneOf
 * branch an error came from. The compose schema has no recursive refs; one would fail the build here.
 */
function dereference(schema) {
  const resolve = (ref) => {
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
    let node = schema;
    for (const s of pointerSegments(ref.slice(1))) node = node?.[s];
    if (node === undefined) throw new Error(`dangling $ref ${ref}`);
    return node;
  };
  const expand = (node, stack) => {
    if (typeof node !== 'object' || node === null) return node;
    if (Array.isArray(node)) return node.map((n) => expand(n, stack));
    if (typeof node.$ref === 'string') {
      if (stack.includes(node.$ref)) throw new Error(`recursive $ref ${[...stack, node.$ref].join(' -> ')}`);
      // draft-07 ignores keywords next to $ref; only annotations may appear there, anything else is a schema bug.
      const siblings = Object.keys(node).filter((k) => k !== '$ref' && !ANNOTATIONS.includes(k));
      if (siblings.length > 0) throw new Error(`keywords beside $ref ${node.$ref}: ${siblings.join(', ')}`);
      return expand(structuredClone(resolve(node.$ref)), [...stack, node.$ref]);
    }
    const out = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === 'enum' || k === 'const' || k === 'default' ? v : expand(v, stack);
    return out;
  };
  const { definitions, ...rest } = schema;
  return expand(rest, []);
}

/** The merged, dereferenced schema without annotations, and what the build should report about it. */
export function prepareSchema() {
  const schema = JSON.parse(readFileSync(upstreamPath, 'utf8'));
  const additions = JSON.parse(readFileSync(additionsPath, 'utf8'));
  const notes = applyAdditions(schema, additions);
  const flat = dereference(schema);
  // The upstream file names draft-07 with an https URL ajv does not know; the draft is the same.
  flat.$schema = 'http://json-schema.org/draft-07/schema#';
  const formats = new Set();
  walkSchema(flat, (node) => {
    for (const a of ANNOTATIONS) if (typeof node[a] !== 'object') delete node[a];
    if (typeof node.format === 'string') formats.add(node.format);
  });
  return { schema: flat, notes, formats: [...formats].sort(), additions: Object.keys(additions.add ?? {}) };
}

/**
 * ESM output of ajv standalone still calls require("ajv/dist/runtime/x").default for its runtime helpers; turn those
 * into imports. Node hands a CommonJS module to `import *` as { default: module.exports }, while vite (vitest)
 * already unwraps `exports.default`; unwrapping once more only when __esModule is set works under both.
 */
function requiresToImports(code) {
  const imports = new Map();
  const body = code.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9_]+)"\)\.default/gi, (_, spec) => {
    if (!imports.has(spec)) imports.set(spec, `ajvRuntime_${spec.split('/').pop()}`);
    return imports.get(spec);
  });
  if (/\brequire\(/.test(body)) throw new Error('generated validator still calls require(); extend requiresToImports');
  const lines = [...imports].flatMap(([spec, name]) => [
    `import * as ${name}_module from ${JSON.stringify(spec + '.js')};`,
    `const ${name} = ${name}_module.default && ${name}_module.default.__esModule ? ${name}_module.default.default : ${name}_module.default;`,
  ]);
  return { head: lines.join('\n'), body, runtime: [...imports.keys()] };
}

const DTS = `// GENERATED by scripts/build-validator.mjs - do not edit.
import type { ErrorObject } from 'ajv';

export interface ComposeValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** ajv standalone validator for the compose-spec schema plus schemas/compose-additions.json (allErrors). */
export declare const validate: ComposeValidator;
export default validate;

/** The schema the validator was compiled from, without descriptions: diagnostics read properties and branches from it. */
export declare const composeSchema: Readonly<Record<string, unknown>>;

/** Where the schema came from, for --version style reports. */
export declare const schemaOrigin: {
  readonly upstream: string;
  readonly additions: readonly string[];
  readonly ignoredFormats: readonly string[];
};
`;

/** The ajv options of the build; scripts/bench-validator.mjs compiles with the same ones at run time. */
export function ajvOptions(formats, warnings) {
  return {
    code: { source: true, esm: true },
    allErrors: true,
    messages: false,
    strict: true,
    // The upstream schema has a few type-less keywords (e.g. additionalProperties on an array in `gpus`);
    // they are harmless, so they are reported here instead of failing the build.
    strictTypes: 'log',
    strictTuples: 'log',
    allowUnionTypes: true,
    // Formats are checked by the normalise stage, which parses durations and sizes anyway.
    formats: Object.fromEntries(formats.map((f) => [f, true])),
    logger: { log: () => {}, warn: (...a) => warnings.push(a.join(' ')), error: (...a) => warnings.push(a.join(' ')) },
  };
}

function build() {
  const { schema, notes, formats, additions } = prepareSchema();
  const warnings = [];
  const ajv = new Ajv(ajvOptions(formats, warnings));
  const validate = ajv.compile(schema);
  const { head, body, runtime } = requiresToImports(standaloneCode(ajv, validate));
  const origin = { upstream: `dclint@${dclintVersion} schemas/compose.schema.json`, additions, ignoredFormats: formats };
  const js = [
    '// GENERATED by scripts/build-validator.mjs - do not edit. Source: ' + origin.upstream + ' + schemas/compose-additions.json',
    head,
    body,
    `export const composeSchema = ${JSON.stringify(schema)};`,
    `export const schemaOrigin = ${JSON.stringify(origin)};`,
    '',
  ].join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'compose-validator.js'), js);
  writeFileSync(join(outDir, 'compose-validator.d.ts'), DTS);
  const rel = relative(root, join(outDir, 'compose-validator.js'));
  console.log(`build-validator: ${rel} (${Math.round(js.length / 1024)} KiB) from ${origin.upstream} + ${additions.length} additions`);
  if (runtime.length > 0) console.log(`build-validator: runtime imports: ${runtime.join(', ')}`);
  for (const n of notes) console.log(`build-validator: note: ${n}`);
  for (const f of formats) console.log(`build-validator: note: format "${f}" is not checked`);
  if (warnings.length > 0) console.log(`build-validator: ${warnings.length} strict-mode notes from ajv (strictTypes), e.g. ${warnings[0]}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) build();
