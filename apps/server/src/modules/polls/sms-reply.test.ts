import { describe, expect, it } from 'vitest';
import { readSmsReply } from './sms-reply';

describe('readSmsReply', () => {
  const three = ['o1', 'o2', 'o3'];
  it('reads yes and no in digits and words, full-width too', () => {
    expect(['1', '是', ' 同意 ', '１', 'Y', '2', '否', '不同意', '3', '也许'].map((t) => readSmsReply('yes_no', [], t))).toEqual([
      ['yes'],
      ['yes'],
      ['yes'],
      ['yes'],
      ['yes'],
      ['no'],
      ['no'],
      ['no'],
      null,
      null,
    ]);
  });
  it('reads option numbers with or without separators, in order', () => {
    expect(['2', '1 3', '1，3', '312', '３ １', '4', '0', '1a', ''].map((t) => readSmsReply('ranked', three, t))).toEqual([
      ['o2'],
      ['o1', 'o3'],
      ['o1', 'o3'],
      ['o3', 'o1', 'o2'],
      ['o3', 'o1'],
      null,
      null,
      null,
      null,
    ]);
  });
  it('needs separators when there are ten options', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `o${i + 1}`);
    expect([readSmsReply('multiple', ten, '10'), readSmsReply('multiple', ten, '1 10')]).toEqual([['o10'], ['o1', 'o10']]);
  });
});
