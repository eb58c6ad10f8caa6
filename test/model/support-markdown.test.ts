import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSupportMarkdown } from '../../src/model/support-markdown.js';
import { SUPPORT_TABLE } from '../../src/model/support-table.js';

const docPath = join(import.meta.dirname, '..', '..', 'docs', 'compose-support.md');

describe('docs/compose-support.md', () => {
  it('equals the rendering of the support table', () => {
    const expected = renderSupportMarkdown();
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(docPath, expected);
    let actual = '';
    try {
      actual = readFileSync(docPath, 'utf8');
    } catch {
      // reported by the comparison below
    }
    expect(actual === expected, 'docs/compose-support.md is out of date: run `UPDATE_GOLDEN=1 npx vitest run test/model/support-markdown.test.ts`').toBe(true);
  });

  it('has one table line per row, with escaped pipes', () => {
    const text = renderSupportMarkdown().split('\n## Kubernetes')[0]!;
    const lines = text.split('\n').filter((l) => l.startsWith('| `'));
    expect(lines).toHaveLength(SUPPORT_TABLE.length);
    expect(text).toContain('| `networks.<name>.aliases` | `alias=` option of `--network` |');
    expect(text).toContain('`--network host\\|none\\|bridge\\|container:<name>`');
    expect(text).toContain('| `healthcheck.start_interval` |');
    expect(text).toMatch(/\| `volumes\.volume\.subpath` \| [^|]+ \| 5\.4 \| mapped \| before podman 5\.4: refused \|/);
  });
});
