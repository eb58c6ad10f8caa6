// Podman versions: "X.Y" or "X.Y.Z" text -> comparable value. Pure; callers (cli) turn a parse failure
// into their own diagnostic.

export interface PodmanVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const VERSION = /^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})(?:\.(0|[1-9]\d{0,3}))?$/;

/** Parses `X.Y` or `X.Y.Z` (decimal, no leading zeros, no suffix); a missing patch is 0. */
export function parsePodmanVersion(text: string): PodmanVersion | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/** Finds the version in `podman --version` output, e.g. "podman version 5.4.2" (a suffix like "-dev" is dropped). */
export function podmanVersionFromOutput(output: string): PodmanVersion | undefined {
  const m = /\bversion\s+(\d+\.\d+(?:\.\d+)?)/.exec(output);
  return m ? parsePodmanVersion(m[1]!) : undefined;
}

export function compareVersions(a: PodmanVersion, b: PodmanVersion): -1 | 0 | 1 {
  const d = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** `X.Y` when the patch is 0, else `X.Y.Z`. */
export function formatPodmanVersion(v: PodmanVersion): string {
  return v.patch === 0 ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}.${v.patch}`;
}
