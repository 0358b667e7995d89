import type { PollKind } from '@lianxin/tally';

const YES = /^(1|是|是的|同意|好|y|yes)$/i;
const NO = /^(2|否|不|不同意|n|no)$/i;

/**
 * Reads an elder's SMS reply as a poll answer: "1" or "是" for yes, "2" or "否" for no; option
 * numbers otherwise ("2", "1 3", "1，3", or "213" when there are at most nine options; for a
 * ranked poll in order of preference). Full-width digits are accepted. Null when unreadable.
 */
export function readSmsReply(kind: PollKind, optionKeys: readonly string[], text: string): string[] | null {
  const s = text.normalize('NFKC').trim();
  if (kind === 'yes_no') return YES.test(s) ? ['yes'] : NO.test(s) ? ['no'] : null;
  let tokens = s.split(/[\s,，、.。;；]+/).filter(Boolean);
  if (tokens.length === 1 && optionKeys.length <= 9 && /^\d{2,}$/.test(tokens[0] ?? '')) tokens = [...(tokens[0] ?? '')];
  if (!tokens.length || tokens.some((t) => !/^\d{1,2}$/.test(t))) return null;
  const keys = tokens.map((t) => optionKeys[Number(t) - 1]);
  if (keys.some((k) => k === undefined)) return null;
  return keys as string[];
}
