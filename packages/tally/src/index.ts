/**
 * @lianxin/tally — counts owners' decisions under Civil Code art. 278 / art. 1259, exactly.
 * Pure and dependency-free so the web app, the server and `lianxin tally` share one count.
 */
export { areaToHundredths, hundredthsToArea } from './area';
export { parseTallyInput } from './parse';
export { ruleForMatter, tally } from './tally';
export {
  CHOICES,
  type Choice,
  type Count,
  type Rule,
  type TallyBallot,
  type TallyInput,
  TallyInputError,
  type TallyResult,
  type TallyUnit,
} from './types';
