import { describe, expect, it } from 'vitest';
import { POLL_SMS_MAX, pollSms } from './poll-sms';

/** The SMS as notifications send it: signature, title, a colon, body. */
const sms = (m: { title: string; body: string }) => `【连心桥】${m.title}：${m.body}`;

describe('pollSms (the question, numbered options and how to reply, within the SMS limit)', () => {
  it('writes each kind with its reply instruction', () => {
    expect(sms(pollSms('周六停水可以吗', 'yes_no', []))).toBe('【连心桥】小调查：周六停水可以吗：回复 1 表示是，回复 2 表示否');
    expect(sms(pollSms('选哪天', 'single', ['周六', '周日']))).toBe(
      '【连心桥】小调查：选哪天：1 周六；2 周日。请回复一个选项编号，如 1',
    );
    expect(sms(pollSms('先修哪一样', 'ranked', ['灯', '扶手', '信报箱']))).toBe(
      '【连心桥】小调查：先修哪一样：1 灯；2 扶手；3 信报箱。按喜好顺序回复编号，如 21 或 2 1 3',
    );
  });

  it('shortens long options to one equal length and the question to the rest, deterministically', () => {
    const question = '问'.repeat(120);
    const labels = Array.from({ length: 10 }, (_, i) => `${'选项内容很长'.repeat(10)}${i}`); // 61 characters each
    const m = pollSms(question, 'multiple', labels);
    const text = sms(m);
    expect(text.length).toBe(POLL_SMS_MAX);
    // Every option keeps its number and the same number of characters; the instruction is whole.
    expect(m.body).toBe(
      `${labels.map((_, i) => `${i + 1} ${'选项内容很长'.repeat(2)}选…`).join('；')}。可选多项，回复编号，如 1 3`,
    );
    expect(m.title).toBe(`小调查：${'问'.repeat(POLL_SMS_MAX - '【连心桥】小调查：：'.length - m.body.length - 1)}…`);
    expect(pollSms(question, 'multiple', labels)).toEqual(m);
  });

  it('leaves a short poll whole', () => {
    const m = pollSms('问'.repeat(120), 'yes_no', []);
    expect(m.title).toBe(`小调查：${'问'.repeat(120)}`);
    expect(sms(m).length).toBeLessThanOrEqual(POLL_SMS_MAX);
  });
});
