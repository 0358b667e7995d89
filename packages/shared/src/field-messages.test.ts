import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldMessage } from './field-messages';
import { placeOrderSchema } from './orders';

function issuesOf(schema: z.ZodType, value: unknown) {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues;
}

describe('fieldMessage', () => {
  it('writes Chinese for each kind of zod issue, and keeps zod’s English', () => {
    const schema = z
      .object({
        title: z.string().min(2).max(5),
        n: z.number().int().min(1),
        kind: z.enum(['a', 'b']),
        mail: z.email(),
        need: z.string(),
      })
      .strict();
    const issues = issuesOf(schema, { title: 'x', n: 'q', kind: 'c', mail: 'nope', extra: 1 });
    const zh = Object.fromEntries(issues.map((i) => [i.path.join('.') || i.code, fieldMessage(i, 'zh-CN')]));
    expect(zh).toEqual({
      title: '至少 2 个字',
      n: '格式不对，应为数字',
      kind: '请从给出的选项中选择',
      mail: '邮箱地址不对',
      need: '必须填写',
      unrecognized_keys: '多出了不认识的字段：extra',
    });
    expect(fieldMessage(issuesOf(z.string().max(3), 'abcdef')[0]!, 'zh-CN')).toBe('最多 3 个字');
    expect(fieldMessage(issuesOf(z.number().lt(10), 10)[0]!, 'zh-CN')).toBe('不能大于 9');
    for (const i of issues) expect(fieldMessage(i, 'en')).toBe(i.message);
  });

  it('says what the project’s own keyed refinements mean, in both languages', () => {
    const start = '2026-05-01T10:00:00.000Z';
    const issue = issuesOf(placeOrderSchema, {
      category: 'shopping',
      windowStart: start,
      windowEnd: '2026-05-01T09:00:00.000Z',
    }).find((i) => i.path.join('.') === 'windowEnd');
    expect(issue).toBeDefined();
    expect(fieldMessage(issue!, 'zh-CN')).toBe('结束时间必须晚于开始时间');
    expect(fieldMessage(issue!, 'en')).toBe('The end must be after the start');
  });
});
