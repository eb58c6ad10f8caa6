// Stage 6 parser: `restart:` (`no`, `always`, `on-failure[:N]`, `unless-stopped`) -> policy and retry limit.
// Failures become C510.
import { parsedError, parsedOk, type Parsed } from './parse-result.js';
import type { RestartPolicy } from './types.js';

export type RestartSpec = Omit<RestartPolicy, 'pointer'>;

export function parseRestart(text: string): Parsed<RestartSpec> {
  switch (text) {
    case 'no':
    case 'always':
    case 'unless-stopped':
    case 'on-failure':
      return parsedOk({ policy: text });
  }
  const m = /^on-failure:(.*)$/.exec(text);
  if (m) {
    if (!/^\d+$/.test(m[1]!)) return parsedError(`\`${m[1]}\` is not a number of retries`, 'on-failure:'.length, Math.max(1, m[1]!.length));
    return parsedOk({ policy: 'on-failure', maxRetries: Number(m[1]) });
  }
  return parsedError(`unknown restart policy \`${text}\` (expected no, always, on-failure[:N] or unless-stopped)`, 0, Math.max(1, text.length));
}
