/**
 * The help pages, one per staff task, in Chinese first (the staff's language) and English. Each
 * is a few steps; `page` is the page it explains (and that links back here).
 */
export interface HelpTopic {
  page: string;
  'zh-CN': { title: string; steps: string[]; note?: string };
  en: { title: string; steps: string[]; note?: string };
}

export const HELP_TOPICS: Record<string, HelpTopic> = {
  search: {
    page: '/search',
    'zh-CN': {
      title: '怎样搜索居民、订单和议题',
      steps: [
        '在“搜索”页的输入框里输入姓名的开头几个字（如“万玉”），点“搜索”。',
        '找某一户：输入“楼栋-单元-门牌”，如 3-2-401，或写成“3栋2单元401”；只输门牌号（401）会列出各楼栋的 401。',
        '找手机号：输入完整的 11 位号码；结果中的号码隐去中间四位。按手机号搜索会记入操作记录。',
        '议题、活动和项目按标题中的任意几个字查找；订单列出所找到居民的订单。',
        '只会找到您负责范围（您的小区、社区或街道）内的记录。',
      ],
    },
    en: {
      title: 'Searching people, orders and issues',
      steps: [
        'Type the first characters of a name (e.g. 万玉) on the Search page and press Search.',
        'A household: type building-stairwell-door, e.g. 3-2-401 or 3栋2单元401; a door number alone (401) lists every building’s 401.',
        'A phone: type all 11 digits; results show it masked. A phone search is recorded in the audit log.',
        'Issues, events and projects match any part of their title; orders are those of the people found.',
        'Only records within your area (your compound, community or subdistrict) are found.',
      ],
    },
  },
  audit: {
    page: '/audit',
    'zh-CN': {
      title: '怎样查看操作记录',
      steps: [
        '“操作记录”列出您负责范围内的每一次修改和每一次敏感信息查看（如查看完整手机号），最新的在前。',
        '可以按操作人、记录（类型和编号）、操作类别和日期范围筛选；日期按北京时间计。',
        '每页 50 条，用“上一页”“下一页”翻看。',
        '点“导出 CSV”下载当前筛选条件下的全部记录（最多 10000 条），可用 Excel 打开。',
      ],
      note: '操作记录只能查看，不能修改或删除。',
    },
    en: {
      title: 'Reading the audit log',
      steps: [
        'The audit log lists every change and every sensitive read (such as a full phone) in your area, newest first.',
        'Filter by who acted, the record (type and id), the action and a date range (Beijing dates).',
        '50 entries a page; use Previous and Next.',
        'Export CSV downloads every entry matching the filters (up to 10,000), for Excel.',
      ],
      note: 'The log can be read, never changed or deleted.',
    },
  },
  person: {
    page: '/registry',
    'zh-CN': {
      title: '怎样导出或删除一位居民的个人信息',
      steps: [
        '在居民详情页底部的“个人信息”一栏操作。',
        '“导出个人信息”下载平台保存的关于此人的全部信息（JSON 文件），用于答复本人的查阅请求；每次导出都记入操作记录。',
        '“删除个人信息”会把姓名换成“已注销居民”，删去手机号和身份证号，关闭其账号；服务时长等统计数字保留。',
        '删除前须勾选确认并再次点击；删除后不能恢复。',
      ],
    },
    en: {
      title: 'Exporting or erasing a person’s data',
      steps: [
        'Use the “Personal data” section at the foot of the person’s page.',
        '“Export personal data” downloads everything held about them (a JSON file), to answer their request; each export is audited.',
        '“Erase personal data” replaces the name, removes the phone and ID number and closes the account; statistics such as service hours stay.',
        'Erasing needs the confirmation box ticked and a second click; it cannot be undone.',
      ],
    },
  },
  dashboard: {
    page: '/dashboard',
    'zh-CN': {
      title: '怎样看数据看板',
      steps: [
        '看板显示所选范围（区、街道、社区或小区）的党支部、居民、志愿者、服务订单和议事问题等数字。',
        '点下级单位的名称进入下一级；点页面上方的路径返回上级。',
        '点带下划线的数字（如“未办结问题 9”）打开这些记录的清单，清单的条数与数字一致。',
        '“户数”列出各户的楼栋-单元-门牌和第一位业主，“居民人数”列出每位居民和住址；手机号隐去中间四位，只列您负责范围内的小区，每页 50 条。',
        '“导出”按钮下载 Excel 或 CSV 表格。',
      ],
    },
    en: {
      title: 'Reading the dashboard',
      steps: [
        'The dashboard shows the figures of the chosen area (district, subdistrict, community or compound).',
        'Click a child area’s name to go down; use the trail at the top to go back up.',
        'Click an underlined figure (such as “open issues 9”) to open the list behind it, with exactly that many rows.',
        'Households lists each unit (building-stairwell-door) with its first owner, Residents each person with their address; phones are masked, only compounds in your area are listed, 50 a page.',
        'The export buttons download XLSX or CSV.',
      ],
    },
  },
  'orders-board': {
    page: '/orders/board',
    'zh-CN': {
      title: '怎样派单',
      steps: [
        '“派单台”列出本小区的订单，超时未接的排在最上面，标为“已超时”。',
        '在订单上选一位志愿者，点“派给志愿者”；志愿者会收到通知，接单后订单归他所有。',
        '居民打电话或到驿站求助时，先从首页的“代办”开始代其办理，再为其下单；订单记在居民名下，并写明由您经手。',
        '订单完成后，由居民或工作人员确认，志愿服务时长随之记入。',
      ],
    },
    en: {
      title: 'Dispatching orders',
      steps: [
        'The dispatch board lists the compound’s orders; those nobody took in time come first, marked overdue.',
        'On an order, choose a volunteer and press “dispatch to volunteer”; the volunteer is told and holds the order once they take it.',
        'When a resident phones or walks in, start acting for them from the home page’s acting tile, then place the order; it is theirs, marked as placed by you.',
        'Once done, the resident or staff confirm it, and the volunteer’s hours are credited.',
      ],
    },
  },
  import: {
    page: '/import',
    'zh-CN': {
      title: '怎样导入住户名册',
      steps: [
        '准备 CSV 或 Excel 表格，每行一个人：楼栋、单元、门牌号、面积、姓名、手机号等，表头与模板一致。',
        '先点“检查表格（试导入）”：系统逐行检查，列出有问题的行和字段，此时不会写入任何数据。',
        '改好表格后重新检查，没有错误时点“正式导入”；导入要么全部成功，要么全部不写入。',
        '再次导入同一小区的表格会更新已有住户，并列出表中已没有的人，供核对。',
      ],
    },
    en: {
      title: 'Importing the household register',
      steps: [
        'Prepare a CSV or Excel sheet, one person a row: building, stairwell, door, area, name, phone…, with the template’s headings.',
        'Press Check first: every row is checked and each problem named by row and field; nothing is written yet.',
        'Fix the sheet and check again; with no errors press Import — all of it is written, or none.',
        'Importing the same compound again updates the households and lists the people no longer in the sheet, for review.',
      ],
    },
  },
  committee: {
    page: '/registry',
    'zh-CN': {
      title: '怎样处理不是业主的业委会委员',
      steps: [
        '在小区的“组织”页，业主委员会一栏列出全部委员；不是本小区业主的委员标有“不是本小区业主”，栏目上方写明共有几位。',
        '新委员和主任必须是本小区的业主，添加非业主时系统会拒绝。标记出的是规定实施前已在任的委员，或后来卖房、在名册中被移出业主的委员。',
        '先核实房屋登记：登记有误的，到楼栋页打开该户的“修改”，勾选其为业主，标记随即消失。',
        '确已不是业主的，按业主大会议事规则终止其委员职务，再在组织页点该委员旁的“移出”。',
      ],
    },
    en: {
      title: 'Committee members who are not owners',
      steps: [
        'On the compound’s organisation page the owners’ committee lists every member; one who owns no unit here is marked “not an owner”, and the count is shown above the list.',
        'New members and the chair must be owners here (a non-owner is refused). The marked ones were seated before that rule, or sold or were removed as owners in the register since.',
        'Check the register first: if it is wrong, open the unit’s Edit on the building page and tick them as an owner; the mark goes.',
        'If they no longer own, end their seat under the owners’ assembly rules, then press Remove next to them on the organisation page.',
      ],
    },
  },
  projects: {
    page: '/projects',
    'zh-CN': {
      title: '怎样上传项目的合同、发票和照片',
      steps: [
        '在项目页的“改造前后照片与合同、发票”一栏，先选附件类型，再选文件，点“上传文件”（施工前后的照片点“上传照片”）。',
        '合同和发票可以上传 PDF（不超过 10 MB）或照片；施工前、施工后只能上传照片。登记支出时的凭证也可以是 PDF 或照片。',
        '含有脚本、自动操作或嵌入文件的 PDF 会被拒绝：请用“打印为 PDF”另存一份再上传。',
        '附件默认只在内部可见。取得施工单位（和照片中的人）同意后，勾选“已取得公开同意”或在附件旁点“记录…的公开同意”，项目公开后它才出现在公示页上；撤回同意后随即隐藏。',
        '公示页上的 PDF 显示为下载链接，点击后下载，用手机或电脑上的阅读器打开。',
      ],
    },
    en: {
      title: 'Uploading a project’s contracts, invoices and photos',
      steps: [
        'In the project’s “Photos, contracts and invoices” section choose the kind of attachment, then the file, and press “Upload the file” (“Upload a photo” for before/after).',
        'A contract or an invoice may be a PDF (up to 10 MB) or a photo; before and after must be photos. A spending voucher may be either too.',
        'A PDF carrying scripts, automatic actions or embedded files is refused: save it again with “Print to PDF” and upload that.',
        'An attachment is internal until the contractor (and anyone in the photo) consents: tick consent when uploading or record it next to the attachment; it shows on the public page once the project is published, and disappears when consent is withdrawn.',
        'On the public page a PDF is a download link: it downloads and opens in the reader of the phone or computer.',
      ],
    },
  },
};
