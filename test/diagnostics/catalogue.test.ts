// Every code in the catalogue is unique and documented in docs/diagnostics.md with an example and a fix.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { catalogue } from '../../src/diagnostics/catalogue.js';

const docs = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');

function sectionOf(id: string): string | undefined {
  const start = docs.search(new RegExp(`^###\\s+${id}\\b`, 'm'));
  if (start < 0) return undefined;
  const rest = docs.slice(start);
  const body = rest.slice(rest.indexOf('\n') + 1);
  const next = body.search(/^##/m);
  return next < 0 ? body : body.slice(0, next);
}

describe('diagnostic catalogue', () => {
  test('codes are unique and well formed', () => {
    const ids = catalogue.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^C[1-9]\d\d$/);
  });

  test.each(catalogue.map((c) => [c.id, c.title] as const))('%s (%s) is documented with an example and a fix', (id) => {
    const section = sectionOf(id);
    expect(section, `docs/diagnostics.md has no "### ${id}" heading`).toBeDefined();
    expect(section!, `${id} needs an example block`).toMatch(/```/);
    expect(section!.toLowerCase(), `${id} needs a fix`).toMatch(/fix/);
  });

  test('the docs list no code the catalogue lacks', () => {
    const documented = [...docs.matchAll(/^###\s+(C\d{3})\b/gm)].map((m) => m[1]);
    const known = new Set(catalogue.map((c) => c.id));
    expect(documented.filter((id) => !known.has(id!))).toEqual([]);
  });
});
