/**
 * @lianxin/tally — counts owners' decisions under Civil Code art. 278 / art. 1259, exactly.
 * Pure and dependency-free so the web app, the server and `lianxin tally` share one count.
 */
export { areaToHundredths, hundredthsToArea } from './area';
export {
  allocateBudget,
  BUDGET_RULE,
  BUDGET_RULE_EN,
  BUDGET_RULE_ZH,
  BudgetInputError,
  type BudgetProposal,
  type BudgetResult,
  type BudgetRow,
  checkApprovalBallot,
  compareBySupport,
} from './budget';
export { parseTallyInput } from './parse';
export {
  checkPollAnswer,
  countPoll,
  POLL_KINDS,
  PollInputError,
  type PollKind,
  type PollOptionCount,
  type PollResult,
  pollOptionKeys,
} from './poll';
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
