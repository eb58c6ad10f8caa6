// Stage 3, interpolate: template errors and unset uses (by index) -> located diagnostics C301, C302, C303, C307.
// Shared by the compose-file walk and the env-file parser, which differ only in how an index maps to a source offset.
import { diagnostic } from '../diagnostics/code.js';
import { compareCodeUnits } from '../diagnostics/code-unit-order.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../source/span.js';
import { interpolateCodes } from './codes.js';
import type { TemplateResult } from './template.js';

export const EXPANSION_HELP = 'interpolated values this large are a hostile or broken file; real values stay far below the limit';

/** The source span of `length` characters at `index` of the template text. */
export type LocateIndex = (index: number, length: number) => Span;

export interface UnsetAt {
  readonly name: string;
  readonly span: Span;
}

export function templateErrorDiagnostics(result: TemplateResult, locate: LocateIndex): Diagnostic[] {
  return result.errors.map((e) => {
    const span = locate(e.index, e.length);
    if (e.kind === 'required') {
      const name = e.name ?? 'the variable';
      return diagnostic(interpolateCodes.requiredVariable, e.message, [{ span, message: `${name} has no value` }], {
        help: `set ${name} in the environment or in the project's .env file`,
      });
    }
    if (e.kind === 'size') {
      return diagnostic(interpolateCodes.expansionLimit, e.message, [{ span }], { help: EXPANSION_HELP });
    }
    return diagnostic(interpolateCodes.invalidTemplate, `invalid interpolation: ${e.message}`, [{ span }], {
      help: 'write `$$` for a literal `$`',
    });
  });
}

/** The unset uses of one template, located. */
export function locateUnset(result: TemplateResult, locate: LocateIndex): UnsetAt[] {
  return result.unset.map((u) => ({ name: u.name, span: locate(u.index, u.length) }));
}

/** One C303 warning per variable name, at its first use in source order; compose prints one per use. */
export function unsetVariableWarnings(uses: readonly UnsetAt[]): Diagnostic[] {
  const byName = new Map<string, UnsetAt[]>();
  for (const use of uses) {
    const list = byName.get(use.name);
    if (list) list.push(use);
    else byName.set(use.name, [use]);
  }
  const warnings: Diagnostic[] = [];
  for (const [name, list] of byName) {
    const sorted = [...list].sort((a, b) => compareCodeUnits(a.span.file, b.span.file) || a.span.start - b.span.start);
    const first = sorted[0]!;
    warnings.push(
      diagnostic(interpolateCodes.unsetVariable, `variable \`${name}\` is not set; an empty string is used instead`, [{ span: first.span, message: `${name} is not set` }], {
        help: `set ${name} in the environment or in the project's .env file, give a default with \${${name}:-default}, or write $$ for a literal $`,
        ...(sorted.length > 1 ? { note: `${name} is used ${sorted.length} times in this file` } : {}),
      }),
    );
  }
  return warnings;
}
