// Stage 10, output `kube`: Kubernetes objects -> YAML text, one document per object (pure). Every string reads
// back as that string under YAML 1.1 (podman and kubectl parse with it: `no`, `on`, `0755`, `1:30` would not)
// and 1.2; keys keep the order the builders gave them. No codes.
import { Document, parse, Scalar, visit } from 'yaml';
import type { KubeObject } from './kube-objects.js';

/** Whether `text`, written plain, would read back as something else under YAML 1.1 or 1.2. */
function readsAsOtherThan(text: string): boolean {
  if (text.includes('\n')) return false; // a block scalar, always a string
  for (const version of ['1.1', '1.2'] as const) {
    try {
      if (parse(text, { version, logLevel: 'silent' }) !== text) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** One object as a YAML document (no `---`), ending in a newline. */
export function objectYaml(object: KubeObject): string {
  const doc = new Document(object, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && readsAsOtherThan(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Several objects as one multi-document stream, after a comment header. */
export function objectsYaml(header: readonly string[], objects: readonly KubeObject[]): string {
  const head = header.map((l) => `# ${l}\n`).join('');
  return head + objects.map((o) => `---\n${objectYaml(o)}`).join('');
}

/** A file name for an object of its own: `webapp-db-deployment.yaml`. */
export function objectFileName(object: KubeObject): string {
  return `${object.metadata.name}-${object.kind.toLowerCase()}.yaml`;
}
