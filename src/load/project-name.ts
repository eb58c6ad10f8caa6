// Project name rules of the Compose Specification: lower-case letters, digits, `_` and `-`, starting with a
// letter or digit. An explicit name that breaks them is an error; a directory name is normalised instead.
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../source/span.js';
import { loadCodes } from './codes.js';

const VALID = /^[a-z0-9][a-z0-9_-]*$/;

export function isValidProjectName(name: string): boolean {
  return VALID.test(name);
}

/** What docker compose makes of a directory's base name: lower case, invalid characters dropped. */
export function normalizeProjectName(dirName: string): string {
  return dirName
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/** C110 for an explicit name that breaks the rules, with the normalised name as a suggestion. */
export function invalidProjectName(name: string, at?: Span): Diagnostic {
  const fixed = normalizeProjectName(name);
  return diagnostic(loadCodes.invalidProjectName, `invalid project name \`${name}\``, at ? [{ span: at }] : [], {
    help: `a project name has only lower-case letters, digits, \`_\` and \`-\`, and starts with a letter or digit${fixed ? `: try \`${fixed}\`` : ''}`,
  });
}
