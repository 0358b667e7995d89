// The guard modules under mutation testing (issue #21): for each, the files Stryker mutates and
// the test files that must kill the mutants. `npm run mutate -- <module>` runs one of them.
// `mutate` is scoped to the guard code itself (a file, or a line range of one, `file:from-to`),
// so a run takes minutes on a shared two-core machine, not hours. Results: bench/results/mutation.md.

const S = 'apps/server/src';

/** @type {Record<string, { mutate: string[]; tests: string[]; db?: false }>} */
export const MODULES = {
  tally: {
    db: false,
    mutate: ['packages/tally/src/tally.ts', 'packages/tally/src/area.ts'],
    tests: ['packages/tally/src/*.test.ts'],
  },
  // Subtree checks: a grant reaches its own subtree, never a sibling whose path starts the same way.
  'access-policy': {
    db: false,
    mutate: [`${S}/modules/accounts/policy.ts:1-100`, `${S}/modules/accounts/grants.policy.ts`],
    tests: [`${S}/modules/accounts/policy.guard.test.ts`],
  },
  // The CSRF check and each route's declared access.
  'auth-plugin': {
    mutate: [`${S}/plugins/auth.ts`],
    tests: [`${S}/plugins/auth.guard.test.ts`, `${S}/modules/accounts/proxy.routes.test.ts`],
  },
  idempotency: {
    mutate: [`${S}/lib/idempotency.ts`],
    tests: [`${S}/lib/idempotency.guard.test.ts`, `${S}/lib/idempotency.test.ts`],
  },
  // The audit entry as written and its Merkle leaf (the hash covers every field).
  audit: {
    mutate: [`${S}/modules/audit/merkle.ts:1-46`, `${S}/modules/audit/audit.repository.ts:1-65`],
    tests: [`${S}/modules/audit/audit.guard.test.ts`, `${S}/modules/audit/merkle.test.ts`],
  },
  // The public log (RFC 9162 Merkle tree, signed checkpoints), pure half: the proof verifiers the
  // browser trusts, the tree arithmetic and the frontier the sequencer grows, and the checkpoint
  // signature check with its key id. The leaf and node hashes (merkle.ts:1-46) are in `audit`.
  'public-log': {
    db: false,
    mutate: [
      'packages/shared/src/merkle.ts',
      `${S}/modules/audit/merkle.ts:47-154`,
      `${S}/modules/audit/log.keys.ts:14-16`,
      `${S}/modules/audit/log.keys.ts:61-70`,
    ],
    tests: [
      'packages/shared/src/merkle.guard.test.ts',
      `${S}/modules/audit/merkle.guard.test.ts`,
      `${S}/modules/audit/log.keys.guard.test.ts`,
    ],
  },
  // The public log's database half: the sequencer batch (leaf order, whole batches, one signed
  // checkpoint each) and the full verification (edited, missing, cut short, rewritten, re-signed).
  // Split from `public-log` so that the pure half runs without the database (minutes, not an hour).
  'public-log-sequencer': {
    mutate: [`${S}/modules/audit/log.repository.ts:118-167`, `${S}/modules/audit/log.repository.ts:239-321`],
    tests: [`${S}/modules/audit/log.guard.test.ts`],
  },
  // Closing a vote against the electorate frozen when it opened.
  votes: {
    mutate: [`${S}/modules/votes/votes.service.ts:72-101`, `${S}/modules/votes/votes.results.ts:20-56`],
    tests: [`${S}/modules/votes/votes.guard.test.ts`, `${S}/modules/votes/votes.results.guard.test.ts`],
  },
  // The electorate a vote freezes when it opens: one exclusive unit one owner, the developer's
  // units one owner, one buyer's units one owner, co-owners one owner (connected components), the
  // representatives who cast, the areas and the unit order.
  'votes-electorate': {
    db: false,
    mutate: [`${S}/modules/registry/electorate.ts:66-175`],
    tests: [`${S}/modules/registry/electorate.guard.test.ts`],
  },
  // Ballots, online and on paper: once per subject, final, within the window to the millisecond,
  // only for the electorate (403 to the compound's own non-voters, 404 to everyone else); a paper
  // ballot counts when two staff members key it blind and agree, or a third decides a mismatch.
  'votes-ballots': {
    mutate: [
      `${S}/modules/votes/votes.service.ts:266-313`,
      `${S}/modules/votes/votes.shared.ts:58-69`,
      `${S}/modules/votes/votes.paper.ts:15-119`,
      `${S}/modules/keying/keying.service.ts:61-121`,
    ],
    tests: [
      `${S}/modules/votes/votes.ballots.guard.test.ts`,
      `${S}/modules/votes/votes.keying.routes.test.ts`,
      `${S}/modules/keying/keying.promise.test.ts`,
    ],
  },
  // Registry import validation: conflicting rows of one unit (areas, heads of household).
  'registry-import': {
    db: false,
    mutate: [`${S}/modules/registry/import.validate.ts`],
    tests: [`${S}/modules/registry/import.validate.guard.test.ts`],
  },
  // The hours ledger: no double credit.
  hours: {
    mutate: [`${S}/modules/hours/hours.repository.ts:36-53`, `${S}/modules/hours/hours.repository.ts:150-168`],
    tests: [`${S}/modules/hours/hours.guard.test.ts`],
  },
  // Event sign-ups and wait lists: never over capacity, first come, first promoted.
  events: {
    // signUp, resizeFuture and cancelSignup (the reads between them are not guards)
    mutate: [
      `${S}/modules/events/signups.repository.ts:27-79`,
      `${S}/modules/events/signups.repository.ts:81-125`,
      `${S}/modules/events/signups.repository.ts:152-200`,
    ],
    tests: [`${S}/modules/events/events.guard.test.ts`, `${S}/modules/events/signups.guard.test.ts`],
  },
  // Council visibility: hidden issues only for their raiser and staff.
  council: {
    mutate: [
      // who may see and who runs a compound's council (the public-timeline role labels are not a guard)
      `${S}/modules/council/council.policy.ts:30-56`,
      // the list's scope: the compound, the subtree, and hidden issues only for their raiser
      `${S}/modules/council/council.repository.ts:99-99`,
      `${S}/modules/council/council.repository.ts:105-110`,
      // loadVisible: a hidden issue only for its raiser and staff
      `${S}/modules/council/issues.service.ts:45-50`,
    ],
    tests: [`${S}/modules/council/council.guard.test.ts`],
  },
  // The order state machine: which actions each relation may take in each status.
  orders: {
    db: false,
    mutate: [`${S}/modules/orders/orders.policy.ts`],
    tests: [`${S}/modules/orders/orders.policy.guard.test.ts`],
  },
  // Notification routing: who is told, on the channels they chose (else the matrix's defaults),
  // quiet hours and the 18:00 digest in Beijing time, claimed before sending (never twice),
  // retried up to 5 times and given up at once on a permanent WeChat error.
  notifications: {
    // The guard lines only (a database-backed mutant takes about ten seconds on the shared machine):
    // the category of a kind, quiet hours, the channels chosen, the due time, who is reachable,
    // the claim, retries and the give-up. The matrix's tables are asserted whole by the tests.
    mutate: [
      `${S}/modules/notifications/matrix.ts:29-31`,
      `${S}/modules/notifications/quiet-hours.ts:54-84`,
      `${S}/modules/notifications/notifications.repository.ts:99-113`,
      `${S}/modules/notifications/notifications.repository.ts:148-166`,
      `${S}/modules/notifications/notifications.repository.ts:192-226`,
      `${S}/modules/notifications/notifications.repository.ts:246-247`,
      `${S}/modules/notifications/notifications.repository.ts:270-282`,
      `${S}/modules/notifications/notifications.repository.ts:321-358`,
      `${S}/modules/notifications/notifications.repository.ts:374-387`,
      `${S}/modules/notifications/wechat.ts:35-37`,
    ],
    tests: [`${S}/modules/notifications/quiet-hours.guard.test.ts`, `${S}/modules/notifications/notifications.guard.test.ts`],
  },
};
