import type { Lang } from '@lianxin/shared';

export interface AudienceRule {
  minAge: number | null;
  maxAge: number | null;
  /** Anyone with one of these tags (empty: no tag needed). */
  tags: string[];
}

export interface AudiencePerson {
  birthYear: number | null;
  tags: string[];
}

/** Age as the registry counts it: the years reached this calendar year. */
export function ageIn(year: number, birthYear: number | null): number | null {
  return birthYear === null ? null : year - birthYear;
}

/**
 * Why a person may not join, in words in their language; an empty list means they may.
 * The wording names the rule and the person's own fact so nobody has to guess.
 */
export function audienceRefusals(rule: AudienceRule, p: AudiencePerson, year: number, lang: Lang): string[] {
  const en = lang === 'en';
  const out: string[] = [];
  const age = ageIn(year, p.birthYear);
  if ((rule.minAge !== null || rule.maxAge !== null) && age === null) {
    out.push(
      en
        ? 'This event has an age rule, but your birth year is not in the register. Please ask your community worker to add it.'
        : '此活动有年龄要求，但登记信息中没有您的出生年份，请联系社区工作者补充。',
    );
  } else if (age !== null) {
    if (rule.minAge !== null && age < rule.minAge) {
      out.push(
        en
          ? `This event is for residents aged ${rule.minAge} and over; you are ${age} this year.`
          : `此活动仅限 ${rule.minAge} 岁及以上的居民参加，您今年 ${age} 岁。`,
      );
    }
    if (rule.maxAge !== null && age > rule.maxAge) {
      out.push(
        en
          ? `This event is for residents aged up to ${rule.maxAge}; you are ${age} this year.`
          : `此活动仅限 ${rule.maxAge} 岁及以下的居民参加，您今年 ${age} 岁。`,
      );
    }
  }
  if (rule.tags.length && !rule.tags.some((t) => p.tags.includes(t))) {
    out.push(en ? `This event is for: ${rule.tags.join(', ')}.` : `此活动面向：${rule.tags.join('、')}。`);
  }
  return out;
}

export function parseTags(json: string | null | undefined): string[] {
  try {
    const v = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
