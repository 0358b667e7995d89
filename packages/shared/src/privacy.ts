/** Mainland mobile numbers: 11 digits starting with 1[3-9]. */
export const PHONE_RE = /^1[3-9]\d{9}$/;

/** 13800005616 → 138****5616. Anything that is not a phone becomes ****. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (!PHONE_RE.test(phone)) return '****';
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}

/** Keeps the family name: 万玉清 → 万**. For public listings without consent. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** What is shown instead of an erased person's name, wherever their name was shown. */
export const ERASED_NAME = '已注销居民';
