// Stage 10, output `quadlet`: one service's `podman run` options (src/podman/run-options.ts) -> [Container] keys.
// Each option takes its dedicated key where the target podman has one and Quadlet can read the value back
// unchanged; otherwise it travels in PodmanArgs= exactly as on a command line. Project networks and volumes are
// named by their Quadlet files, so the generator adds the dependencies itself. Values that cannot be written
// become C702 (UnitDraft).
import { supports } from '../../podman/capabilities.js';
import { AUTO_UPDATE_LABEL, type RunOption } from '../../podman/run-options.js';
import { containerKeyFor } from '../../podman/quadlet-keys.js';
import { optionWords } from '../../podman/run-options.js';
import { fitsQuadletKey } from '../../systemd/quadlet-escape.js';
import type { UnitDraft } from '../../systemd/unit-draft.js';

export interface ResourceFiles {
  /** Network key -> its `.network` file, for project networks that have one. */
  readonly networks: ReadonlyMap<string, string>;
  /** Volume key -> its `.volume` file. */
  readonly volumes: ReadonlyMap<string, string>;
}

/**
 * Writes the options into [Container] (in their order; PodmanArgs= last). Returns the network and volume keys
 * that could not be named by their file, so the caller orders the container after their units by hand.
 */
export function writeContainerOptions(d: UnitDraft, options: readonly RunOption[], podmanVersion: string, files: ResourceFiles): { unreferenced: { networks: string[]; volumes: string[] } } {
  const podmanArgs: RunOption[] = [];
  const unreferenced = { networks: [] as string[], volumes: [] as string[] };
  for (const original of options) {
    const autoUpdate = autoUpdatePolicy(original);
    if (autoUpdate !== undefined && supports(podmanVersion, 'quadlet:Container.AutoUpdate')) {
      d.set('Container', 'AutoUpdate', autoUpdate);
      continue;
    }
    const o = referenceByFile(original, files);
    const k = containerKeyFor(o.flag, o.value, podmanVersion);
    const written = k !== undefined && (k.mode === 'switch' ? o.value === undefined : o.value !== undefined && (k.mode === 'words' || fitsQuadletKey(o.value, k.mode)));
    if (!written) {
      podmanArgs.push(original);
      if (original.ref?.kind === 'network') unreferenced.networks.push(original.ref.key);
      if (original.ref?.kind === 'volume') unreferenced.volumes.push(original.ref.key);
      continue;
    }
    const what = `value of ${k.key}=`;
    if (k.mode === 'switch') d.set('Container', k.key, k.value ?? 'true');
    else if (k.mode === 'words') d.quadletWords('Container', k.key, [o.value!], what, o.pointer);
    else d.quadletValue('Container', k.key, o.value!, what, o.pointer, k.mode);
  }
  for (const o of podmanArgs) d.quadletWords('Container', 'PodmanArgs', optionWords(o), `option ${o.flag}`, o.pointer);
  return { unreferenced };
}

/** `--label io.containers.autoupdate=registry` -> `registry`: Quadlet has a key for it (4.6). */
function autoUpdatePolicy(o: RunOption): 'registry' | 'local' | undefined {
  if (o.flag !== '--label' || o.value === undefined) return undefined;
  const v = o.value.startsWith(`${AUTO_UPDATE_LABEL}=`) ? o.value.slice(AUTO_UPDATE_LABEL.length + 1) : undefined;
  return v === 'registry' || v === 'local' ? v : undefined;
}

/** `--network P_default:alias=web` -> `P-default.network:alias=web`; `--volume P_data:/d` -> `P-data.volume:/d`. */
function referenceByFile(o: RunOption, files: ResourceFiles): RunOption {
  const ref = o.ref;
  if (!ref || o.value === undefined) return o;
  const file = ref.kind === 'network' ? files.networks.get(ref.key) : files.volumes.get(ref.key);
  if (file === undefined) return o;
  if (o.flag === '--network' && o.value.startsWith(`${ref.name}:`)) return { ...o, value: file + o.value.slice(ref.name.length) };
  if (o.flag === '--volume' && o.value.startsWith(`${ref.name}:`)) return { ...o, value: file + o.value.slice(ref.name.length) };
  if (o.flag === '--mount') {
    const parts = o.value.split(',');
    const i = parts.indexOf(`source=${ref.name}`);
    if (i >= 0) return { ...o, value: parts.map((p, j) => (j === i ? `source=${file}` : p)).join(',') };
  }
  return o;
}
