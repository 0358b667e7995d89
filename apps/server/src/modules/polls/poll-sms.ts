import type { PollKind } from '@lianxin/tally';

/**
 * The longest poll SMS, signature included: the SMS itself reads `【连心桥】title：body`
 * (notifications' smsText). 300 characters is five billed parts of a long SMS (67 each), well
 * inside the gateways' 500-character limit, and short enough to read on a basic phone.
 */
export const POLL_SMS_MAX = 300;
const SIGNATURE = '【连心桥】';
/** An option label is never cut below this many characters (with the ellipsis). */
const MIN_LABEL = 4;

const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, Math.max(1, n - 1))}…`);

/** How to reply: yes/no by 1 or 2; otherwise option numbers, with an example of the form. */
function instruction(kind: PollKind, options: number): string {
  if (kind === 'yes_no') return '回复 1 表示是，回复 2 表示否';
  if (kind === 'single') return '请回复一个选项编号，如 1';
  if (kind === 'multiple') return '可选多项，回复编号，如 1 3';
  return options <= 9 ? '按喜好顺序回复编号，如 21 或 2 1 3' : '按喜好顺序回复编号，如 2 1 3';
}

/**
 * The notification that carries a poll's question by SMS (and push, in-app): the title is the
 * question, the body the numbered options and how to reply. Shortened deterministically to
 * POLL_SMS_MAX: the reply instruction is never cut; option labels are cut to the longest equal
 * length that fits (never below MIN_LABEL); the question takes what is left.
 */
export function pollSms(question: string, kind: PollKind, labels: readonly string[]): { title: string; body: string } {
  const how = instruction(kind, labels.length);
  const line = (ls: readonly string[]) => ls.map((l, i) => `${i + 1} ${l}`).join('；');
  const bodyOf = (ls: readonly string[]) => (ls.length ? `${line(ls)}。${how}` : how);
  const fixed = SIGNATURE.length + '小调查：'.length + '：'.length;
  let labelCap = Math.max(MIN_LABEL, ...labels.map((l) => l.length));
  // Options may use at most two thirds of the room; the question keeps at least the rest.
  const optionRoom = Math.floor(((POLL_SMS_MAX - fixed) * 2) / 3);
  while (labelCap > MIN_LABEL && bodyOf(labels.map((l) => cut(l, labelCap))).length > optionRoom) labelCap--;
  const body = bodyOf(labels.map((l) => cut(l, labelCap)));
  const title = `小调查：${cut(question, POLL_SMS_MAX - fixed - body.length)}`;
  return { title, body };
}
