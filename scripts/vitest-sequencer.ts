import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that take a minute or more (the benchmarks in their short mode, the fuzz test,
 * the public log's sequencing and verification commands, the access matrix), longest first.
 * Vitest starts files it has no timings for (every fresh clone, so every CI run) largest file
 * first, which left the short benchmarks file to run alone for three minutes at the end.
 */
const LONG_FIRST = [
  'bench/bench.test.ts',
  'apps/server/src/test/fuzz.test.ts',
  'apps/server/src/modules/audit/audit.test.ts',
  'apps/server/src/test/matrix.test.ts',
];

/** Vitest's own order, with the files above moved to the front, so both workers end together. */
export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONG_FIRST.findIndex((p) => f.moduleId.replaceAll('\\', '/').endsWith(p));
      return i < 0 ? LONG_FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
