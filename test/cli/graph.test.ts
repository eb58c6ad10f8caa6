import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli.js';
import { FIXTURES } from './harness.js';

const SHOP = join(FIXTURES, 'shop', 'compose.yaml');

describe('graph', () => {
  it('text: the start order, each service with what it waits for', async () => {
    const r = await runCliCaptured(['graph', '-f', SHOP]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('cache\ndb\nweb: db (healthy), cache (started)\n');
  });

  it('--format dot and mermaid, after or before the command name', async () => {
    const dot = await runCliCaptured(['graph', '-f', SHOP, '--format', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toContain('digraph "shop" {');
    expect(dot.stdout).toContain('"web" -> "db" [label="healthy"];');
    const mermaid = await runCliCaptured(['--format', 'mermaid', 'graph', '-f', SHOP]);
    expect(mermaid.stdout.startsWith('graph LR\n')).toBe(true);
    expect(mermaid.stdout).toContain('web -->|healthy| db');
  });

  it('--format json: start order and edges', async () => {
    const r = await runCliCaptured(['graph', '-f', SHOP, '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { startOrder: string[]; edges: { from: string; to: string; condition: string }[] };
    expect(doc.startOrder).toEqual(['cache', 'db', 'web']);
    expect(doc.edges).toContainEqual({ from: 'web', to: 'db', condition: 'service_healthy', required: true, restart: false });
  });

  it('graph formats are a usage error for other commands', async () => {
    const r = await runCliCaptured(['config', '-f', SHOP, '--format', 'dot']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'dot' is invalid for config");
    expect((await runCliCaptured(['graph', '-f', SHOP, '--format', 'png'])).code).toBe(2);
  });
});
