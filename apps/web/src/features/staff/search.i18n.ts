/** Strings of the staff search page (namespace "staff", added when the page loads). */
export const searchI18n = {
  'zh-CN': {
    search: {
      title: '搜索',
      label: '姓名、手机号、门牌（如 3-2-401）、议题、活动或项目',
      submit: '搜索',
      hint: '手机号须输入完整 11 位，结果中只显示隐去中间四位的号码；按手机号搜索会记入操作记录。',
      people: '居民',
      orders: '服务订单',
      issues: '议事问题',
      events: '活动',
      projects: '改造项目',
      none: '没有找到与“{{q}}”相符的记录。',
      count: '共 {{count}} 条',
      noPhone: '无手机号',
      noAddress: '未登记门牌',
      help: '怎样搜索',
    },
  },
  en: {
    search: {
      title: 'Search',
      label: 'Name, phone, door (e.g. 3-2-401), issue, event or project',
      submit: 'Search',
      hint: 'A phone must be typed whole (11 digits); results show it masked. A phone search is recorded in the audit log.',
      people: 'People',
      orders: 'Orders',
      issues: 'Council issues',
      events: 'Events',
      projects: 'Projects',
      none: 'Nothing matches “{{q}}”.',
      count: '{{count}} found',
      noPhone: 'No phone',
      noAddress: 'No door on record',
      help: 'How to search',
    },
  },
};
