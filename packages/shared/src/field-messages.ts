import type { Lang } from './errors';

/**
 * The parts of a zod issue that a field message needs. Loose on purpose: the server receives
 * issues from zod itself and from fastify-type-provider-zod, which passes them on as plain data.
 */
export interface FieldIssue {
  code?: string;
  message?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
  format?: string;
  keys?: string[];
  values?: unknown[];
}

const FORMAT_ZH: Record<string, string> = {
  email: '邮箱地址',
  url: '网址',
  uuid: '编号',
  datetime: '日期时间（如 2026-05-01T09:00:00Z）',
  date: '日期（如 2026-05-01）',
  time: '时间（如 09:00）',
  regex: '格式',
};

const TYPE_ZH: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '是或否',
  array: '列表',
  object: '对象',
  date: '日期',
};

/**
 * The project's own refinements carry a short key as their message (`{ message: 'phone' }`); this
 * is what each key says to a person.
 */
const KEYED: Record<string, Record<Lang, string>> = {
  phone: { 'zh-CN': '手机号应为 11 位数字', en: 'A mobile number has 11 digits' },
  dutyPhone: {
    'zh-CN': '电话应为手机号、带区号的座机（如 0731-28561007）或 3–5 位服务号',
    en: 'Use a mobile number, a landline with its area code (like 0731-28561007) or a 3–5 digit service number',
  },
  date: { 'zh-CN': '日期格式应为 2026-05-01', en: 'Use a date like 2026-05-01' },
  datetime: { 'zh-CN': '时间格式应为 2026-05-01T09:00', en: 'Use a date and time like 2026-05-01T09:00' },
  time: { 'zh-CN': '时间格式应为 09:00', en: 'Use a time like 09:00' },
  window: { 'zh-CN': '结束时间必须晚于开始时间', en: 'The end must be after the start' },
  positive: { 'zh-CN': '必须大于 0', en: 'Must be more than 0' },
  door: { 'zh-CN': '门牌号只能含数字、字母、汉字和短横线', en: 'A door number has digits, letters, Chinese and dashes only' },
  stairwell: { 'zh-CN': '单元号只能含数字、字母和汉字', en: 'A stairwell has digits, letters and Chinese only' },
  area: { 'zh-CN': '面积最多两位小数，如 89.50', en: 'An area has at most two decimals, like 89.50' },
  ticket: { 'zh-CN': '票号格式应为 LX-XXXX-XXXX', en: 'A ticket looks like LX-XXXX-XXXX' },
  empty: { 'zh-CN': '至少修改一项', en: 'Change at least one thing' },
};

/** True when zod's English text says the value was not there at all. */
function isMissing(issue: FieldIssue): boolean {
  return /received undefined$/.test(issue.message ?? '');
}

function limit(n: number | bigint | undefined, inclusive: boolean | undefined, step: 1 | -1): string {
  if (n === undefined) return '';
  const v = Number(n);
  return String(inclusive === false ? v + step : v);
}

function zh(issue: FieldIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (isMissing(issue)) return '必须填写';
      return `格式不对，应为${TYPE_ZH[issue.expected ?? ''] ?? '正确的类型'}`;
    case 'too_small': {
      const min = limit(issue.minimum, issue.inclusive, 1);
      if (issue.origin === 'string') return min === '1' ? '必须填写' : `至少 ${min} 个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少选 ${min} 项`;
      if (issue.origin === 'date') return '日期太早';
      return `不能小于 ${min}`;
    }
    case 'too_big': {
      const max = limit(issue.maximum, issue.inclusive, -1);
      if (issue.origin === 'string') return `最多 ${max} 个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      if (issue.origin === 'date') return '日期太晚';
      return `不能大于 ${max}`;
    }
    case 'invalid_value':
    case 'invalid_enum_value':
      return '请从给出的选项中选择';
    case 'invalid_format':
      return `${FORMAT_ZH[issue.format ?? ''] ?? '格式'}不对`;
    case 'not_multiple_of':
      return '数值不符合要求的间隔';
    case 'unrecognized_keys':
      return `多出了不认识的字段：${(issue.keys ?? []).join('、')}`;
    case 'invalid_union':
      return '内容不符合任何一种允许的格式';
    case 'custom':
      return /[\u4e00-\u9fff]/.test(issue.message ?? '') ? (issue.message as string) : '内容不符合要求';
    default:
      return '内容不符合要求';
  }
}

/**
 * A validation message for one field in the requester's language. English keeps zod's own
 * wording; Chinese is written here for the codes zod produces, so a form never shows English
 * to a Chinese reader.
 */
export function fieldMessage(issue: FieldIssue, lang: Lang): string {
  const keyed = KEYED[issue.message ?? ''];
  if (keyed) return keyed[lang];
  if (lang === 'en') return issue.message ?? 'Invalid value';
  return zh(issue);
}
