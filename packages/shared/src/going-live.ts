/**
 * What going live from an empty database shares between server, CLI and web: the organisation
 * tree sheet's columns, the reasons an import row is refused (in both languages, so the CLI
 * speaks the user's language like the web), and the join request's relations.
 */

/** Columns of the organisation-tree sheet, from the root down; 楼栋 is optional. */
export const TREE_COLUMNS = [
  { key: 'district', zh: '区', en: 'district', kind: 'district' },
  { key: 'subdistrict', zh: '街道', en: 'subdistrict', kind: 'subdistrict' },
  { key: 'community', zh: '社区', en: 'community', kind: 'community' },
  { key: 'compound', zh: '小区', en: 'compound', kind: 'compound' },
  { key: 'building', zh: '楼栋', en: 'building', kind: 'building' },
] as const;
export type TreeColumn = (typeof TREE_COLUMNS)[number]['key'];

/** One node a tree import adds: its kind, name and the names of its ancestors. */
export interface TreeAddition {
  row: number;
  kind: TreeColumn;
  name: string;
  /** "云龙示范区 / 学林街道 / 三冲社区": the parent's place, names from the root. */
  under: string;
}

/** Every reason an import row (households or tree) is refused, in both languages. */
export const IMPORT_REASONS = {
  'zh-CN': {
    required: '必填，未填写',
    missing_column: '缺少这一列',
    unknown_building: '小区里没有这个楼栋',
    stairwell: '单元写法不对',
    door: '门牌号写法不对',
    door_taken: '门牌号重复：该单元已登记这个门牌号',
    door_taken_meanwhile: '导入时有人登记了同一门牌号，请重新检查',
    area: '面积格式不对',
    area_decimals: '面积最多两位小数',
    area_conflict: '同一户的面积前后不一致',
    phone: '手机号不对（11 位，1 开头）',
    phone_duplicate: '同一个手机号写给了不同的人',
    birth_year: '出生年份不对',
    tags: '标签太长或太多',
    too_long: '太长',
    duplicate_person: '同一户里姓名重复',
    head_conflict: '同一户写了不同的户主',
    unreadable: '文件无法读取（请用 CSV 或 .xlsx）',
    failed: '导入出错',
    unknown_district: '没有这个区（须与系统里的区名完全一致）',
    parent_missing: '上一级没有填写',
    name: '名称里有不能用的字符',
  },
  en: {
    required: 'Required, empty',
    missing_column: 'This column is missing',
    unknown_building: 'No such building in the compound',
    stairwell: 'Stairwell is malformed',
    door: 'Door number is malformed',
    door_taken: 'Duplicate door number: already registered in that stairwell',
    door_taken_meanwhile: 'Someone registered the same door meanwhile; check again',
    area: 'Area is malformed',
    area_decimals: 'Area has more than two decimals',
    area_conflict: 'Different areas for the same household',
    phone: 'Phone must be 11 digits starting with 1',
    phone_duplicate: 'The same phone number is given to different people',
    birth_year: 'Year of birth is invalid',
    tags: 'Too many or too long tags',
    too_long: 'Too long',
    duplicate_person: 'Same name twice in one household',
    head_conflict: 'Different heads for one household',
    unreadable: 'The file cannot be read (use CSV or .xlsx)',
    failed: 'The import failed',
    unknown_district: 'No such district (the name must match the district in the system exactly)',
    parent_missing: 'The level above is empty',
    name: 'The name contains characters that cannot be used',
  },
} as const;
export type ImportReason = keyof (typeof IMPORT_REASONS)['zh-CN'];

/** The reason of an import row in a language (the code itself when unknown). */
export function importReasonText(reason: string, lang: 'zh-CN' | 'en'): string {
  const table = IMPORT_REASONS[lang] as Record<string, string>;
  return table[reason] ?? reason;
}

/** How a newcomer relates to the door they ask to join. */
export const JOIN_RELATIONS = ['owner', 'tenant', 'family'] as const;
export type JoinRelation = (typeof JOIN_RELATIONS)[number];
