import { z } from 'zod';
import { PHONE_RE } from './privacy';
import { expectedVersionSchema } from './schemas';

/** Tags a resident may carry. Free tags are allowed too; these are the ones the modules read. */
export const PERSON_TAGS = ['独居老人', '残疾', '党员', '团员', '妇联', '志愿者', '低保', '退役军人'] as const;
/** The volunteer teams (党团妇): a volunteer's team is the one of these tags they carry. */
export const VOLUNTEER_TEAMS = ['党员', '团员', '妇联'] as const;

export const AREA_SOURCES = ['registered', 'surveyed', 'contract'] as const;
export type AreaSource = (typeof AREA_SOURCES)[number];

/** The five stations (五小驿站) of the article, in its order. */
export const STATION_TYPES = ['online_mass_line', 'three_social', 'elderly_care', 'public_health', 'owner_autonomy'] as const;
export type StationType = (typeof STATION_TYPES)[number];
export const STATION_TYPE_NAMES: Record<StationType, { zh: string; en: string }> = {
  online_mass_line: { zh: '网上群众路线线下服务站', en: 'Online mass-line offline service station' },
  three_social: { zh: '“三社联动”服务站', en: '"Three socials" joint service station' },
  elderly_care: { zh: '养老服务驿站', en: 'Elderly care station' },
  public_health: { zh: '公共卫生服务站', en: 'Public health station' },
  owner_autonomy: { zh: '无物业管理小区业主自治服务站', en: 'Owner self-management station' },
};

/** The four promises on every 党员承诺牌, as the article words them. */
export const BOARD_PROMISES = ['带头遵守居民公约', '热情服务楼栋住户', '主动维护公共环境', '及时提供信息服务'] as const;

/** 业委会 rules: 5–11 members, an odd number; a term of at most five years. */
export const COMMITTEE_RULES = { minMembers: 5, maxMembers: 11, maxTermYears: 5 } as const;

/** Import columns: the keys, with the Chinese and English headers a 社区 spreadsheet uses. */
export const IMPORT_COLUMNS = [
  { key: 'building', zh: '楼栋', en: 'building' },
  { key: 'stairwell', zh: '单元', en: 'stairwell' },
  { key: 'door', zh: '门牌号', en: 'door' },
  { key: 'area', zh: '面积', en: 'area' },
  { key: 'head', zh: '户主', en: 'head' },
  { key: 'name', zh: '姓名', en: 'name' },
  { key: 'phone', zh: '电话', en: 'phone' },
  { key: 'birthYear', zh: '出生年份', en: 'birth_year' },
  { key: 'tags', zh: '标签', en: 'tags' },
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['key'];

/** One bad row of an import: 1-based spreadsheet row (the header is row 1), the column, why. */
export interface ImportRowError {
  row: number;
  column: ImportColumn | 'file';
  reason: string;
  value?: string;
}

export const nameSchema = z.string().trim().min(1).max(40);
export const doorSchema = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[0-9A-Za-z\u4e00-\u9fa5-]+$/, { message: 'door' });
export const tagsSchema = z.array(z.string().trim().min(1).max(20)).max(20);
export const birthYearSchema = z.number().int().min(1900).max(2100);
export const optionalPhoneSchema = z.union([z.string().trim().regex(PHONE_RE, { message: 'phone' }), z.literal('')]);

const stairwellSchema = z
  .string()
  .trim()
  .min(1)
  .max(10)
  .regex(/^[0-9A-Za-z\u4e00-\u9fa5]+$/, { message: 'stairwell' });
const registryIdSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[A-Za-z0-9_-]+$/);

/** A unit (户) to create: 楼栋-单元-门牌号 with its exclusive area. */
export const unitInputSchema = z.strictObject({
  buildingId: registryIdSchema,
  stairwell: stairwellSchema,
  door: doorSchema,
  area: z
    .string()
    .trim()
    .regex(/^\d{1,7}(\.\d{1,2})?$/, { message: 'area' }),
  areaSource: z.enum(AREA_SOURCES).default('registered'),
  developerHeld: z.boolean().default(false),
});
export const unitPatchSchema = unitInputSchema
  .omit({ buildingId: true })
  .partial()
  .extend({ expectedVersion: expectedVersionSchema })
  .strict();

/** A resident to create; with a unitId the node is the unit's compound. */
export const personInputSchema = z.strictObject({
  nodeId: registryIdSchema.optional(),
  unitId: registryIdSchema.nullable().optional(),
  name: nameSchema,
  phone: optionalPhoneSchema.nullable().optional(),
  birthYear: birthYearSchema.nullable().optional(),
  tags: tagsSchema.default([]),
});
export const personPatchSchema = personInputSchema.partial().extend({ expectedVersion: expectedVersionSchema }).strict();

export const nodeInputSchema = z.strictObject({ parentId: registryIdSchema, name: nameSchema });
export const dateOnlySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' });

export const branchInputSchema = z.strictObject({
  name: nameSchema.max(60),
  secretaryPersonId: registryIdSchema.nullable(),
  foundedOn: dateOnlySchema.nullable(),
  demonstration: z.boolean(),
});
export const committeeInputSchema = z.strictObject({
  name: nameSchema.max(60),
  chairPersonId: registryIdSchema.nullable(),
  foundedOn: dateOnlySchema.nullable(),
  termStart: dateOnlySchema,
  termEnd: dateOnlySchema,
});
export const COMMITTEE_POSITIONS = ['chair', 'vice_chair', 'member'] as const;

/** The law's warnings for an 业委会: membership count and term length. */
export function committeeWarnings(memberCount: number, termStart: string, termEnd: string): string[] {
  const out: string[] = [];
  if (memberCount < COMMITTEE_RULES.minMembers) out.push('too_few_members');
  if (memberCount > COMMITTEE_RULES.maxMembers) out.push('too_many_members');
  if (memberCount % 2 === 0) out.push('even_members');
  const s = new Date(`${termStart}T00:00:00Z`);
  const limit = new Date(Date.UTC(s.getUTCFullYear() + COMMITTEE_RULES.maxTermYears, s.getUTCMonth(), s.getUTCDate()));
  if (new Date(`${termEnd}T00:00:00Z`) > limit) out.push('term_too_long');
  if (termEnd < termStart) out.push('term_ends_before_start');
  return out;
}
