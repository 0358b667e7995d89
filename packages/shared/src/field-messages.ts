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
  markup: { 'zh-CN': '不能含有 < > 等标记符号或控制字符', en: 'No markup (< >) or control characters' },
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

/**
 * What a server-side check on one field says (`fieldError(path, reason)`): the rules a schema
 * cannot express (a date against another, a person of another compound). A reason without its
 * own words still gets a sentence, so a marked field is never left unexplained.
 */
const REASONS: Record<string, Record<Lang, string>> = {
  required: { 'zh-CN': '必须填写', en: 'Required' },
  invalid_characters: { 'zh-CN': '含有无法保存的字符', en: 'Contains characters that cannot be stored' },
  before_from: { 'zh-CN': '不能早于开始日期', en: 'Cannot be before the start date' },
  before_start: { 'zh-CN': '不能早于开始时间', en: 'Cannot be before the start' },
  before_publish: { 'zh-CN': '不能早于发布时间', en: 'Cannot be before publication' },
  after_end: { 'zh-CN': '不能晚于结束时间', en: 'Cannot be after the end' },
  in_future: { 'zh-CN': '不能是将来的日期', en: 'Cannot be in the future' },
  'in the future': { 'zh-CN': '不能是将来的日期', en: 'Cannot be in the future' },
  in_past: { 'zh-CN': '不能是过去的时间', en: 'Cannot be in the past' },
  'in the past': { 'zh-CN': '不能是过去的时间', en: 'Cannot be in the past' },
  'must be in the future': { 'zh-CN': '必须是将来的时间', en: 'Must be in the future' },
  invalid_date: { 'zh-CN': '日期不存在', en: 'No such date' },
  duplicate: { 'zh-CN': '与另一项重复', en: 'Repeats another entry' },
  duplicate_person: { 'zh-CN': '此人已登记', en: 'This person is already registered' },
  not_found: { 'zh-CN': '找不到，或不在您的管理范围内', en: 'Not found, or outside your area' },
  unknown_person: { 'zh-CN': '找不到此人，或不在您的管理范围内', en: 'No such person in your area' },
  unknown_zone: { 'zh-CN': '找不到此片区', en: 'No such zone' },
  unknown_upload: { 'zh-CN': '找不到上传的文件，请重新上传', en: 'The upload is gone; upload again' },
  pdf_not_photo: {
    'zh-CN': '施工前后的照片须为图片；PDF 请作为合同或发票上传',
    en: 'A before/after photo must be a picture; upload a PDF as a contract or an invoice',
  },
  unreadable_image: { 'zh-CN': '无法读取此图片', en: 'This image cannot be read' },
  not_in_compound: { 'zh-CN': '此人不住在本小区', en: 'Not a resident of this compound' },
  other_compound: { 'zh-CN': '属于另一个小区', en: 'Belongs to another compound' },
  not_party_member: { 'zh-CN': '此人不是党员', en: 'Not a party member' },
  not_a_member: { 'zh-CN': '不是成员', en: 'Not a member' },
  not_a_volunteer_here: { 'zh-CN': '不是本小区的志愿者', en: 'Not a volunteer here' },
  same_person: { 'zh-CN': '不能选同一个人', en: 'Cannot be the same person' },
  self: { 'zh-CN': '不能选自己', en: 'Cannot be yourself' },
  no_account: { 'zh-CN': '此号码没有账号', en: 'No account has this number' },
  not_owner: { 'zh-CN': '不是本小区的业主', en: 'Not an owner in this compound' },
  'below minAge': { 'zh-CN': '不能小于最低年龄', en: 'Cannot be below the minimum age' },
  entry_not_in_tree: { 'zh-CN': '这条记录不在这个大小的日志里', en: 'The entry is not in a log of this size' },
  above_second: { 'zh-CN': '不能大于第二个大小', en: 'Must not exceed the second size' },
  beyond_log: { 'zh-CN': '超出了日志的大小', en: 'Beyond the size of the log' },
  unknown_proposal: { 'zh-CN': '不是可投票的提案', en: 'Not a proposal on this ballot' },
};

/** The sentence for a server-side field check's reason, in the requester's language. */
export function reasonMessage(reason: string, lang: Lang): string {
  const known = REASONS[reason];
  if (known) return known[lang];
  const keyed = KEYED[reason];
  if (keyed) return keyed[lang];
  return lang === 'en' ? 'Please check this field' : '请检查此项';
}
