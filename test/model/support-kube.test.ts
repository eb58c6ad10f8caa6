// The Kubernetes fates: every key of the support table has one, the docs render it, and converting with
// `--format kube` reports the Kubernetes fate of a key instead of its podman fate.
import { describe, expect, test } from 'vitest';
import { renderSupportMarkdown } from '../../src/model/support-markdown.js';
import { kubeFate } from '../../src/model/support-kube.js';
import { SUPPORT_TABLE } from '../../src/model/support-table.js';
import { convertProject } from '../../src/pipeline.js';
import { memoryFs } from '../../src/load/loader-fs.js';

describe('Kubernetes fates', () => {
  test('every row of the support table has one, with a reason for each ignored or unsupported key', () => {
    for (const r of SUPPORT_TABLE) {
      const fate = kubeFate(r.key);
      expect(fate, r.key).toBeDefined();
      if (fate!.status === 'ignored' || fate!.status === 'unsupported') expect(fate!.notes, r.key).not.toBe('');
      else expect(fate!.becomes, r.key).not.toBe('');
    }
  });

  test('docs/compose-support.md has a Kubernetes table line per row', () => {
    const kube = renderSupportMarkdown().split('\n## Kubernetes')[1]!;
    expect(kube.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(SUPPORT_TABLE.length);
    expect(kube).toContain('| `stop_signal` |  | ignored | the stop signal comes from the image |');
    expect(kube).toMatch(/\| `healthcheck` \| livenessProbe and readinessProbe \(exec\) \| mapped \|/);
  });

  const compose = `name: p
services:
  web:
    image: nginx
    container_name: web-1
    stop_signal: SIGINT
    hostname: web
`;
  const convert = (format: 'units' | 'kube') =>
    convertProject({ files: ['/p/compose.yaml'], cwd: '/p', env: {}, homeDir: '/home/u' }, { format, podmanVersion: '5.4' }, memoryFs({ '/p/compose.yaml': compose }));

  test('with --format kube the support check reports Kubernetes fates', () => {
    const kube = convert('kube').diagnostics.filter((d) => d.code === 'C550').map((d) => d.message).sort();
    expect(kube).toEqual([
      '`container_name` of service `web` is ignored in Kubernetes: Kubernetes names the containers of a pod itself (podman: `<deployment>-pod-<service>`)',
      '`stop_signal` of service `web` is ignored in Kubernetes: the stop signal comes from the image',
    ]);
    // the same keys are mapped for podman
    expect(convert('units').diagnostics.filter((d) => d.code === 'C550')).toEqual([]);
  });
});
