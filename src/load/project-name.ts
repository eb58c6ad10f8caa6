// Project name rules of the Compose Specification: lower-case letters, digits, `_` and `-`, starting with a
// letter or digit. An explicit name that breaks them is an error; a directory name is normalised instead.
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
