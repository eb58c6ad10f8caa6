// Render stage: UnitFile -> deterministic text (systemd.syntax(7)). No diagnostics: values arrive escaped
// (escape.ts); a value that would break the line structure is a bug upstream and throws InternalError.
// Layout: `# header` lines, a blank line, `[Section]` blocks separated by blank lines, a final newline.
import { InternalError } from '../diagnostics/diagnostic.js';
import { endsWithOddBackslashes } from './escape.js';
import { isComment, isExec, type Entry, type Section, type UnitFile } from './unit-file.js';

/** Indentation of continuation lines of a command; deep enough to read as part of the directive above. */
export const CONTINUATION_INDENT = '    ';

const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;
// Section names are free text for systemd but `]` would end the header early and a newline would split it.
const SECTION_NAME = /^[^\][\u0000-\u001f\u007f]+$/;

export function renderUnit(unit: UnitFile): string {
  const blocks: string[] = [];
  if (unit.header.length > 0) blocks.push(unit.header.flatMap(commentLines).join('\n'));
  for (const s of unit.sections) blocks.push(renderSection(unit.name, s));
  return blocks.join('\n\n') + '\n';
}

function renderSection(unitName: string, s: Section): string {
  if (!SECTION_NAME.test(s.name)) throw new InternalError(`${unitName}: invalid section name ${JSON.stringify(s.name)}`);
  return [`[${s.name}]`, ...s.entries.flatMap((e) => renderEntry(unitName, s.name, e))].join('\n');
}

function renderEntry(unitName: string, sectionName: string, e: Entry): string[] {
  if (isComment(e)) return commentLines(e.comment);
  // Only a bug upstream needs this text: built when thrown, not for each of the thousands of entries.
  const where = () => `${unitName} [${sectionName}] ${e.key}=`;
  if (!KEY.test(e.key)) throw new InternalError(`${unitName} [${sectionName}]: invalid key ${JSON.stringify(e.key)}`);
  if (isExec(e)) {
    if (e.command.length === 0 || e.command.some((g) => g.length === 0)) throw new InternalError(`${where()}: empty command or argument group`);
    for (const group of e.command) for (const word of group) checkLineSafe(where, word, true);
    const lines = e.command.map((g) => g.join(' '));
    return lines.map((l, i) => `${i === 0 ? `${e.key}=` : CONTINUATION_INDENT}${l}${i < lines.length - 1 ? ' \\' : ''}`);
  }
  checkLineSafe(where, e.value, false);
  return [`${e.key}=${e.value}`];
}

/**
 * Guards the line structure: a raw line break would start a new directive (an injection), an odd trailing
 * backslash would swallow the next line, trailing whitespace is stripped by systemd and unwanted in output.
 */
function checkLineSafe(where: () => string, text: string, isWord: boolean): void {
  if (/[\n\r\u0000]/.test(text)) throw new InternalError(`${where()}: unescaped line break or NUL in ${JSON.stringify(text)}`);
  if (endsWithOddBackslashes(text)) throw new InternalError(`${where()}: value ends with a backslash: ${JSON.stringify(text)}`);
  if (/[ \t]$/.test(text) || (isWord && text === '')) throw new InternalError(`${where()}: trailing whitespace or empty word in ${JSON.stringify(text)}`);
}

/**
 * Comments are free text, so they are made safe rather than rejected: one `#` line per line of text,
 * control characters shown as `?`, trailing whitespace dropped, and an odd trailing backslash doubled
 * (older systemd joins even comment lines ending in `\` with the next line).
 */
export function commentLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => {
    let l = line.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '?').replace(/\t/g, ' ').trimEnd();
    if (endsWithOddBackslashes(l)) l += '\\';
    return l === '' ? '#' : `# ${l}`;
  });
}
