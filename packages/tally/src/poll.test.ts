import { describe, expect, it } from 'vitest';
import { countPoll, PollInputError } from './index';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof PollInputError ? [e.code, e.message] : ['other', String(e)];
  }
  return ['none', ''];
};

describe('countPoll', () => {
  it('counts yes/no answers exactly', () => {
    expect(countPoll('yes_no', [], [['yes'], ['no'], ['yes']])).toEqual({
      kind: 'yes_no',
      answers: 3,
      options: [
        { key: 'yes', votes: 2 },
        { key: 'no', votes: 1 },
      ],
      order: ['yes', 'no'],
    });
  });

  it('counts a single choice, ties kept in the options’ order', () => {
    const r = countPoll('single', ['a', 'b', 'c'], [['c'], ['b'], ['c'], ['b']]);
    expect([r.options, r.order]).toEqual([
      [
        { key: 'a', votes: 0 },
        { key: 'b', votes: 2 },
        { key: 'c', votes: 2 },
      ],
      ['b', 'c', 'a'],
    ]);
  });

  it('counts multiple choices, one vote per option chosen', () => {
    const r = countPoll('multiple', ['a', 'b', 'c'], [['a', 'c'], ['c'], ['b', 'c', 'a']]);
    expect([r.answers, r.options.map((o) => o.votes), r.order]).toEqual([3, [2, 1, 3], ['c', 'a', 'b']]);
  });

  it('ranks by Borda points (n−1 for a first choice, nothing for an unranked option), then first preferences', () => {
    // 3 options: first 2 points, second 1, third 0.
    const r = countPoll('ranked', ['x', 'y', 'z'], [['x', 'y', 'z'], ['y', 'z', 'x'], ['y', 'x'], ['z']]);
    expect(r.options).toEqual([
      { key: 'x', votes: 1, points: 3 },
      { key: 'y', votes: 2, points: 5 },
      { key: 'z', votes: 1, points: 3 },
    ]);
    // x and z tie on points and first preferences: the options' own order decides.
    expect(r.order).toEqual(['y', 'x', 'z']);
  });

  it('breaks a Borda tie by first preferences', () => {
    // x: 2+0 = 2 points, 1 first; y: 1+1 = 2 points, 0 firsts; z: 0+2 = 2 points, 1 first.
    const r = countPoll(
      'ranked',
      ['y', 'x', 'z'],
      [
        ['x', 'y', 'z'],
        ['z', 'y', 'x'],
      ],
    );
    expect(r.order).toEqual(['x', 'z', 'y']);
  });

  it('refuses an unknown option, a repeated one, or the wrong number, naming the answer', () => {
    expect(codeOf(() => countPoll('single', ['a', 'b'], [['a'], ['a', 'b']]))).toEqual([
      'WRONG_COUNT',
      'answer 1: 2 options chosen',
    ]);
    expect(codeOf(() => countPoll('yes_no', [], [['maybe']]))).toEqual(['UNKNOWN_OPTION', 'answer 0: unknown option maybe']);
    expect(codeOf(() => countPoll('ranked', ['a', 'b'], [['a', 'a']]))).toEqual(['DUPLICATE_OPTION', 'answer 0: option a twice']);
    expect(codeOf(() => countPoll('multiple', ['a'], [[]]))).toEqual(['WRONG_COUNT', 'answer 0: 0 options chosen']);
  });
});
