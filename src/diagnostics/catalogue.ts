// Every diagnostic code the tool can report, gathered from the stages that own them.
import { applyCodes } from '../apply/codes.js';
import { cliCodes } from '../cli/codes.js';
import { graphCodes } from '../graph/codes.js';
import { interpolateCodes } from '../interpolate/codes.js';
import { loadCodes } from '../load/codes.js';
import { mergeCodes } from '../merge/codes.js';
import { extendsCodes } from '../merge/extends-codes.js';
import { modelCodes } from '../model/codes.js';
import { kubeCodes } from '../output/kube/codes.js';
import { planCodes } from '../plan/codes.js';
import { validateCodes } from '../validate/codes.js';
import type { Code } from './code.js';

export const catalogue: readonly Code[] = [
  loadCodes,
  validateCodes,
  interpolateCodes,
  mergeCodes,
  extendsCodes,
  modelCodes,
  graphCodes,
  planCodes,
  kubeCodes,
  applyCodes,
  cliCodes,
].flatMap((group) => Object.values(group) as Code[]);
