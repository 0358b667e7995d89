/** The home tiles of the staff tools (namespace "staff"); the pages add their own strings lazily. */
export const staffTilesI18n = {
  'zh-CN': { tile: { search: '搜索', audit: '操作记录', importTree: '导入组织架构' } },
  en: { tile: { search: 'Search', audit: 'Audit log', importTree: 'Import the organisation tree' } },
};
