// Stage 7 documentation: the Kubernetes fates (support-kube.ts) of every row of SUPPORT_TABLE -> the
// "Kubernetes" part of docs/compose-support.md, one table per section like the podman tables. Pure; no codes.
import { kubeFate } from './support-kube.js';
import { SUPPORT_TABLE } from './support-table.js';

const SECTIONS = [
  { title: 'Top level', prefix: '' },
  { title: 'Services', prefix: 'services' },
  { title: 'Networks', prefix: 'networks' },
  { title: 'Volumes', prefix: 'volumes' },
  { title: 'Secrets', prefix: 'secrets' },
  { title: 'Configs', prefix: 'configs' },
] as const;

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function sectionOf(key: string): string {
  const [first] = key.split('.');
  return SECTIONS.some((s) => s.prefix !== '' && s.prefix === first) && key.includes('.') ? (first ?? '') : '';
}

export function renderKubeSupportMarkdown(): string {
  const out: string[] = [
    '',
    '## Kubernetes (`--format kube`)',
    '',
    'The same keys in the Kubernetes output (docs/kubernetes.md): what each becomes in the manifests, and its fate',
    'there, which the support check reports instead of the podman fate when converting with `--format kube`',
    '(C550 for ignored keys, C551 for unsupported ones). `up --format kube` runs the manifests with podman kube',
    'play, which reads a few podman annotations a cluster ignores; the notes say so.',
  ];
  for (const section of SECTIONS) {
    out.push('', `### ${section.title} in Kubernetes`, '', '| key | becomes | status | notes |', '|---|---|---|---|');
    for (const r of SUPPORT_TABLE.filter((row) => sectionOf(row.key) === section.prefix)) {
      const fate = kubeFate(r.key);
      const key = (section.prefix === '' ? r.key : r.key.slice(section.prefix.length + '.*.'.length)).replace(/(^|\.)\*(?=\.|$)/g, '$1<name>');
      out.push(`| \`${cell(key)}\` | ${cell(fate?.becomes ?? '')} | ${fate?.status ?? 'undecided'} | ${cell(fate?.notes ?? '')} |`);
    }
  }
  return out.join('\n') + '\n';
}
