// Diagnostic codes of this stage (1xx discover and parse). Each is documented in docs/diagnostics.md.
import type { Code } from '../diagnostics/code.js';

export const loadCodes = {
  fileNotFound: { id: 'C101', severity: 'error', title: 'compose file not found' },
  notText: { id: 'C102', severity: 'error', title: 'file is not UTF-8 text' },
  yamlSyntax: { id: 'C103', severity: 'error', title: 'YAML syntax error' },
  multipleDocuments: { id: 'C104', severity: 'error', title: 'more than one YAML document' },
  notAMapping: { id: 'C105', severity: 'error', title: 'top level is not a mapping' },
  emptyFile: { id: 'C106', severity: 'error', title: 'empty compose file' },
  aliasLimit: { id: 'C107', severity: 'error', title: 'too many alias expansions' },
  badMergeKey: { id: 'C108', severity: 'error', title: 'merge key value is not a mapping' },
  noComposeFile: { id: 'C109', severity: 'error', title: 'no compose file found' },
  invalidProjectName: { id: 'C110', severity: 'error', title: 'invalid project name' },
  envFileNotFound: { id: 'C111', severity: 'error', title: 'env file not found' },
  yamlWarning: { id: 'C112', severity: 'warning', title: 'YAML warning' },
  unknownTag: { id: 'C113', severity: 'error', title: 'unsupported YAML tag' },
  includeNotFound: { id: 'C114', severity: 'error', title: 'included file not found' },
  includeCycle: { id: 'C115', severity: 'error', title: 'include cycle' },
  includeConflict: { id: 'C116', severity: 'error', title: 'included resource conflicts with a local one' },
  noServices: { id: 'C117', severity: 'error', title: 'project has no services' },
  severalDefaultFiles: { id: 'C118', severity: 'warning', title: 'several default compose files' },
  limitExceeded: { id: 'C119', severity: 'error', title: 'input over a loader limit' },
} as const satisfies Record<string, Code>;
