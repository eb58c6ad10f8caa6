// Stage 4, validate: one reduced schema error x the validated value x origins -> one Diagnostic (C201-C207).
// Unknown keys and bad names point at the key, missing keys at the mapping's key, everything else at the value.
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic, Label } from '../diagnostics/diagnostic.js';
import type { Span } from '../source/span.js';
import { isPlainObject, keySpanAt, pointerJoin, pointerSegments, spanAt, type Origins, type Pointer } from '../load/tree.js';
import { closestName } from '../diagnostics/closest-name.js';
import { validateCodes } from './codes.js';
import { composeSchema } from './generated/compose-validator.js';
import { wantedTypes, type SchemaError } from './reduce-errors.js';

type SchemaNode = Readonly<Record<string, unknown>>;

const SECTIONS: Readonly<Record<string, string>> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'empty (null)',
};

/** The standard compose name pattern, explained in words instead of as a regex. */
const NAME_PATTERN = '^[a-zA-Z0-9._-]+$';

export function explainSchemaError(error: SchemaError, data: unknown, origins: Origins): Diagnostic {
  const at = error.instancePath;
  const subject = describeLocation(at, data);
  const value = valueAt(data, at);
  const valueLabel = (message?: string): Label[] => labelAt(spanAt(origins, at), message);
  switch (error.keyword) {
    case 'additionalProperties':
      return explainExtraKey(error, data, origins);
    case 'type':
      return explainType(error, subject, value, at, data, valueLabel);
    case 'required': {
      const missing = String(error.params['missingProperty']);
      const parent = schemaNodeAt(parentSchemaPath(error.schemaPath));
      const allowed = asStrings(asNode(asNode(parent?.['properties'])?.[missing])?.['enum']);
      const help = allowed
        ? `add \`${missing}: ${allowed[0]}\` (or one of ${listCode(allowed.slice(1))})`
        : `add \`${missing}:\` to ${at === '' ? 'the file' : 'it'}`;
      return diagnostic(validateCodes.missingKey, `${subject} is missing the required key \`${missing}\``, labelAt(keySpanAt(origins, at), `\`${missing}\` is required here`), { help });
    }
    case 'enum': {
      const allowed = (asArray(error.params['allowedValues']) ?? []).map(String);
      const guess = typeof value === 'string' ? closestName(value, allowed) : undefined;
      const help = `${guess ? `did you mean \`${guess}\`? ` : ''}allowed values: ${listCode(allowed)}`;
      return diagnostic(validateCodes.invalidValue, `${subject} has an invalid value ${showValue(value)}`, valueLabel('not an allowed value'), { help });
    }
    case 'const':
      return diagnostic(validateCodes.invalidValue, `${subject} has an invalid value ${showValue(value)}`, valueLabel(), { help: `the only allowed value is ${showValue(error.params['allowedValue'])}` });
    case 'pattern':
      return diagnostic(validateCodes.invalidValue, `${subject} has an invalid value ${showValue(value)}`, valueLabel('does not have the expected form'), {
        help: `the value must match the regular expression \`${String(error.params['pattern'])}\``,
      });
    case 'format':
      return diagnostic(validateCodes.invalidValue, `${subject} is not a valid ${String(error.params['format'])}: ${showValue(value)}`, valueLabel());
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return diagnostic(validateCodes.invalidValue, `${subject} must be ${String(error.params['comparison'])} ${String(error.params['limit'])}, but it is ${showValue(value)}`, valueLabel('out of range'));
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'minProperties':
    case 'maxProperties': {
      const bound = error.keyword.startsWith('min') ? 'at least' : 'at most';
      const unit = error.keyword.endsWith('Items') ? 'items' : error.keyword.endsWith('Length') ? 'characters' : 'keys';
      return diagnostic(validateCodes.invalidValue, `${subject} must have ${bound} ${String(error.params['limit'])} ${unit}`, valueLabel());
    }
    case 'uniqueItems': {
      const [first, dup] = [Number(error.params['i']), Number(error.params['j'])].sort((a, b) => a - b) as [number, number];
      const item = Array.isArray(value) ? value[dup] : undefined;
      return diagnostic(
        validateCodes.duplicateItem,
        `${subject} lists ${showValue(item)} more than once`,
        [...labelAt(spanAt(origins, pointerJoin(at, dup)), 'repeated here'), ...labelAt(spanAt(origins, pointerJoin(at, first)), 'first listed here')],
        { help: 'remove the repeated item' },
      );
    }
    case 'oneOf':
      return diagnostic(validateCodes.schemaMismatch, `${subject} matches more than one of the forms compose allows, so its meaning is ambiguous`, valueLabel());
    default:
      return diagnostic(validateCodes.schemaMismatch, `${subject} does not match the compose schema (rule \`${error.keyword}\`)`, valueLabel());
  }
}

function explainType(error: SchemaError, subject: string, value: unknown, at: Pointer, data: unknown, valueLabel: (m?: string) => Label[]): Diagnostic {
  // `null` last: "a string or empty (null)" reads better than the schema's order.
  const wanted = wantedTypes(error).sort((a, b) => Number(a === 'null') - Number(b === 'null'));
  const expected = listWords(wanted.map((t) => TYPE_NAMES[t] ?? t));
  const message = `${subject} must be ${expected}, but it is ${describeValue(value)}`;
  const key = pointerSegments(at).at(-1) ?? '';
  const inList = Array.isArray(valueAt(data, at.slice(0, at.lastIndexOf('/'))));
  const written = (text: string) => (inList ? `- ${text}` : `${key}: ${text}`);
  let help: string | undefined;
  if (value === null) {
    help =
      at === '/services'
        ? 'an empty `services:` is not allowed: add a service under it, or remove the key'
        : inList
          ? 'write a value after the `-`, or remove the item'
          : 'write a value after the colon, or remove the key';
  } else if (wanted.includes('array') && !wanted.includes('string') && (typeof value === 'string' || typeof value === 'number')) {
    help = `write it as a list: \`${written(`[${JSON.stringify(String(value))}]`)}\``;
  } else if (typeof value === 'string' && wanted.includes('boolean')) {
    help = 'write `true` or `false`';
  } else if (typeof value === 'string' && (wanted.includes('number') || wanted.includes('integer'))) {
    help = 'write a plain number, without quotes';
  } else if (wanted.includes('string') && (typeof value === 'number' || typeof value === 'boolean')) {
    help = `quote it to make it a string: \`${written(`"${String(value)}"`)}\``;
  }
  return diagnostic(validateCodes.wrongType, message, valueLabel(`expected ${expected}`), help ? { help } : {});
}

function explainExtraKey(error: SchemaError, data: unknown, origins: Origins): Diagnostic {
  const at = error.instancePath;
  const key = String(error.params['additionalProperty']);
  const keyPointer = pointerJoin(at, key);
  const labels = (message: string) => labelAt(keySpanAt(origins, keyPointer), message);
  const parent = schemaNodeAt(parentSchemaPath(error.schemaPath));
  const properties = Object.keys(asNode(parent?.['properties']) ?? {});
  const patterns = Object.keys(asNode(parent?.['patternProperties']) ?? {});
  const namePatterns = patterns.filter((p) => p !== '^x-');
  if (properties.length === 0 && namePatterns.length > 0) {
    const segments = pointerSegments(at);
    const section = segments.length === 1 ? SECTIONS[segments[0] ?? ''] : undefined;
    const message = section ? `\`${key}\` is not a valid ${section} name` : `\`${key}\` is not a valid name in ${describeLocation(at, data)}`;
    const help = namePatterns.includes(NAME_PATTERN)
      ? 'names may contain only letters, digits, `.`, `_` and `-`'
      : namePatterns.every((p) => p === '.+' || p === '^.+$')
        ? 'the name must not be empty'
        : `names must match ${listWords(namePatterns.map((p) => `\`${p}\``))}`;
    return diagnostic(validateCodes.invalidName, message, labels('invalid name'), { help });
  }
  const where = at === '' ? 'at the top level' : `in ${describeLocation(at, data)}`;
  const extras: { help?: string; note?: string } = {};
  const guess = closestName(key, properties);
  const nested = guess ? undefined : nestedHome(key, parent);
  const value = valueAt(data, keyPointer);
  if (guess) extras.help = `did you mean \`${guess}\`?`;
  else if (nested) extras.help = `\`${key}\` belongs under \`${nested}\``;
  else if (at === '' && looksLikeService(value)) {
    extras.help = `this looks like a service in the old version-1 layout; move it under \`services:\``;
    const others = asStrings(error.params['sameLayout']);
    if (others) {
      const shown = others.slice(0, 4).map((k) => `\`${k}\``);
      if (others.length > 4) shown.push(`${others.length - 4} more`);
      extras.note = `so do ${listWords(shown, 'and')}`;
    }
  }
  if (!extras.help && patterns.includes('^x-')) extras.note = 'keys of your own must start with `x-`';
  return diagnostic(validateCodes.unknownKey, `unknown key \`${key}\` ${where}`, labels('unknown key'), extras);
}

function looksLikeService(value: unknown): boolean {
  return isPlainObject(value) && ('image' in value || 'build' in value);
}

/**
 * A version-1 file has every service at the top level: that is one problem, not one per service. Keeps the first
 * such unknown key and lists the others in its params (`sameLayout`).
 */
export function collapseLegacyServices(errors: readonly SchemaError[], data: unknown): SchemaError[] {
  const legacy = errors.filter((e) => e.keyword === 'additionalProperties' && e.instancePath === '' && looksLikeService(valueAt(data, pointerJoin('', String(e.params['additionalProperty'])))));
  const [first, ...rest] = legacy;
  if (!first || rest.length === 0) return [...errors];
  const merged: SchemaError = { ...first, params: { ...first.params, sameLayout: rest.map((e) => String(e.params['additionalProperty'])) } };
  return errors.filter((e) => !rest.includes(e)).map((e) => (e === first ? merged : e));
}

/** `deploy.resources.limits` when `key` is a key one to three levels down, for keys written too high. Shallowest wins. */
function nestedHome(key: string, node: SchemaNode | undefined): string | undefined {
  let level: { node: SchemaNode; path: readonly string[] }[] = node ? [{ node, path: [] }] : [];
  for (let depth = 0; depth < 3 && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { node: n, path } of level) {
      const properties = asNode(n['properties']) ?? {};
      for (const name of Object.keys(properties).sort()) {
        for (const child of objectShapes(asNode(properties[name]))) {
          if (key in (asNode(child['properties']) ?? {})) return [...path, name].join('.');
          next.push({ node: child, path: [...path, name] });
        }
      }
    }
    level = next;
  }
  return undefined;
}

/** The object-typed forms of a schema node: itself, or its oneOf/anyOf branches. */
function objectShapes(node: SchemaNode | undefined): SchemaNode[] {
  if (!node) return [];
  const branches = asArray(node['oneOf']) ?? asArray(node['anyOf']);
  if (branches) return branches.map(asNode).filter((n): n is SchemaNode => n !== undefined && 'properties' in n);
  return 'properties' in node ? [node] : [];
}

/** `service \`web\``, `\`healthcheck.retries\` of service \`web\``, `\`include[0]\``, or `the top level`. */
export function describeLocation(pointer: Pointer, data: unknown): string {
  const segments = pointerSegments(pointer);
  if (segments.length === 0) return 'the top level';
  const [head = '', name = ''] = segments;
  const section = SECTIONS[head];
  if (section && segments.length >= 2) {
    const owner = `${section} \`${name}\``;
    if (segments.length === 2) return owner;
    return `\`${keyPath(segments.slice(2), valueAt(data, pointerJoin(pointerJoin('', head), name)))}\` of ${owner}`;
  }
  return `\`${keyPath(segments, data)}\``;
}

function keyPath(segments: readonly string[], start: unknown): string {
  let out = '';
  let current = start;
  for (const s of segments) {
    out += Array.isArray(current) ? `[${s}]` : out === '' ? s : `.${s}`;
    current = Array.isArray(current) ? current[Number(s)] : isPlainObject(current) ? current[s] : undefined;
  }
  return out;
}

export function valueAt(data: unknown, pointer: Pointer): unknown {
  let current = data;
  for (const s of pointerSegments(pointer)) {
    if (Array.isArray(current)) current = current[Number(s)];
    else if (isPlainObject(current) && Object.hasOwn(current, s)) current = current[s];
    else return undefined;
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  if (typeof value === 'string') return `the string ${showValue(value)}`;
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : `the number ${String(value)} (not finite)`;
  if (typeof value === 'boolean') return `the boolean \`${value}\``;
  return typeof value;
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return '`' + (value.length > 60 ? value.slice(0, 57) + '...' : value) + '`';
  if (value === null || value === undefined) return '`null`';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return '`' + String(value) + '`';
}

function listWords(words: readonly string[], conjunction = 'or'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

function listCode(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(', ');
}

function labelAt(span: Span | undefined, message?: string): Label[] {
  if (!span) return [];
  return [message === undefined ? { span } : { span, message }];
}

/** The schema node an ajv schemaPath (`#/properties/services/patternProperties/%5E...`) points to. */
export function schemaNodeAt(schemaPath: string): SchemaNode | undefined {
  let node: unknown = composeSchema;
  for (const raw of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(key)] : asNode(node)?.[key];
    if (node === undefined) return undefined;
  }
  return asNode(node);
}

function parentSchemaPath(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf('/'));
}

function asNode(value: unknown): SchemaNode | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SchemaNode) : undefined;
}

function asArray(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

function asStrings(value: unknown): string[] | undefined {
  const a = asArray(value);
  return a && a.length > 0 ? a.map(String) : undefined;
}
