import { IMAGE_LIMITS_EN, IMAGE_LIMITS_ZH, IMPORT_LIMITS_EN, IMPORT_LIMITS_ZH, PDF_LIMITS_EN, PDF_LIMITS_ZH } from './limits';

/**
 * Stable error codes shared by server and web client. The client branches on `code`,
 * never on message text. Each code has an HTTP status and a message in both languages.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, zh: '请求格式不正确', en: 'The request is malformed' },
  VALIDATION_FAILED: { status: 400, zh: '输入有误，请检查标出的字段', en: 'Some fields are invalid' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交的内容太大', en: 'The request body is too large' },
  SPREADSHEET_TOO_LARGE: { status: 413, zh: IMPORT_LIMITS_ZH, en: IMPORT_LIMITS_EN },
  MALFORMED_MULTIPART: {
    status: 400,
    zh: '上传的内容不完整，请重新上传',
    en: 'The upload was cut off or malformed, please upload again',
  },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  LOGIN_FAILED: { status: 401, zh: '手机号或密码不正确', en: 'Wrong phone number or password' },
  LOGIN_THROTTLED: {
    status: 429,
    zh: '尝试次数过多，请稍后再试',
    en: 'Too many attempts, please try again later',
  },
  LOGIN_CODE_FAILED: { status: 401, zh: '验证码不正确或已过期', en: 'The code is wrong or has expired' },
  INVITATION_INVALID: { status: 404, zh: '邀请码无效、已使用或已过期', en: 'The invitation is invalid, used or expired' },
  CSRF_FAILED: { status: 403, zh: '页面已过期，请刷新后重试', en: 'The page expired, please reload and retry' },
  FORBIDDEN: { status: 403, zh: '您没有进行此操作的权限', en: 'You are not allowed to do this' },
  LOG_PENDING: {
    status: 409,
    zh: '这条记录刚刚写入，尚未进入公开日志，请一秒后再试',
    en: 'This entry is not in the public log yet; try again in a second',
  },
  NOT_FOUND: { status: 404, zh: '找不到该内容', en: 'Not found' },
  CONFLICT: { status: 409, zh: '操作冲突，请刷新后重试', en: 'Conflict, please reload and retry' },
  ORDER_ALREADY_TAKEN: {
    status: 409,
    zh: '这张单已被其他志愿者接走了',
    en: 'Another volunteer has already taken this order',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '这个提交编号已用于另一项操作',
    en: 'This Idempotency-Key was already used for a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    zh: '同一提交正在处理中，请稍候',
    en: 'The same request is still being processed',
  },
  PUSH_NOT_CONFIGURED: {
    status: 409,
    zh: '本站尚未开通手机推送，请选择短信或站内消息',
    en: 'Web Push is not set up on this server; choose SMS or in-app messages',
  },
  WECHAT_NOT_CONFIGURED: {
    status: 409,
    zh: '本站尚未开通微信消息，请选择其他提醒方式',
    en: 'WeChat messages are not set up on this server; choose another channel',
  },
  WECHAT_NOT_BOUND: {
    status: 409,
    zh: '请先绑定微信，再选择微信提醒',
    en: 'Bind your WeChat first, then choose WeChat messages',
  },
  ORDER_NO_COMPOUND: {
    status: 422,
    zh: '找不到这位居民所在的小区，请先在居民档案中登记住址',
    en: 'This resident has no compound on record; register their address first',
  },
  PERSON_MERGE_SAME: {
    status: 422,
    zh: '请选择另一条记录：一条记录不能与它自己合并',
    en: 'Choose another record: a record cannot be merged with itself',
  },
  PERSON_MERGE_OTHER_COMPOUND: {
    status: 409,
    zh: '这两条记录不在同一个小区，不能合并',
    en: 'These two records belong to different compounds and cannot be merged',
  },
  PERSON_MERGE_DOUBLE_BALLOT: {
    status: 409,
    zh: '这两条记录在同一次表决中各有一票，合并会变成一人两票；请先核实这次表决的选票',
    en: 'Both records hold a vote in the same ballot; merging them would give one person two votes. Check that ballot first',
  },
  INVALID_TRANSITION: {
    status: 409,
    zh: '当前状态下不能进行此操作',
    en: 'This action is not allowed in the current state',
  },
  ALREADY_VOTED: { status: 409, zh: '您已经投过票了', en: 'You have already voted' },
  DUPLICATE: { status: 409, zh: '记录已存在', en: 'This record already exists' },
  CAPACITY_FULL: { status: 409, zh: '名额已满', en: 'No places left' },
  AUDIENCE_REFUSED: { status: 422, zh: '您不符合此活动的报名条件', en: 'This event is not open to you' },
  SIGNUP_NOT_OPEN: { status: 409, zh: '报名还没有开始', en: 'Sign-up has not opened yet' },
  SIGNUP_CLOSED: { status: 409, zh: '报名已经截止', en: 'Sign-up has closed' },
  ALREADY_SIGNED_UP: { status: 409, zh: '您已经报过名了', en: 'You have already signed up' },
  OCCURRENCE_CANCELLED: { status: 409, zh: '这场活动已取消', en: 'This occurrence has been cancelled' },
  CHECKIN_OUTSIDE_WINDOW: {
    status: 409,
    zh: '现在不在这场活动的签到时间内，请在活动开始前后再签到',
    en: 'This ticket can be checked in only around the time of its occurrence',
  },
  TICKET_ALREADY_USED: { status: 409, zh: '这张票已经签到过了', en: 'This ticket has already been checked in' },
  RATE_LIMITED: { status: 429, zh: '请求太频繁，请稍后再试', en: 'Too many requests, slow down' },
  ALREADY_SUPPORTED: { status: 409, zh: '您已经支持过这个问题了', en: 'You have already supported this issue' },
  OWN_ISSUE_SUPPORT: {
    status: 409,
    zh: '不能附议自己反映的问题',
    en: 'You cannot support an issue you raised yourself',
  },
  QUORUM_NOT_MET: {
    status: 422,
    zh: '出席的议事会成员未达到法定人数，不能作出决定',
    en: 'Too few council members are present for a decision (quorum not met)',
  },
  COMMITTEE_NOT_OWNER: {
    status: 422,
    zh: '业委会成员必须是本小区的业主',
    en: 'Only an owner of a unit in this compound may sit on its owners’ committee',
  },
  SECRETARY_NO_ACCOUNT: {
    status: 422,
    zh: '这位党员还没有账号，不能担任支部书记；请先邀请其开通账号',
    en: 'This member has no account yet and cannot be the branch secretary; invite them first',
  },
  CORRECTION_EXCEEDS: {
    status: 422,
    zh: '更正金额不能超过原支出尚未更正的金额',
    en: 'A correction cannot take back more than is left of the entry it corrects',
  },
  CORRECTION_OF_CORRECTION: {
    status: 422,
    zh: '更正记录不能再被更正，请更正原支出',
    en: 'A correction cannot itself be corrected; correct the original entry',
  },
  ACTIONS_OPEN: { status: 409, zh: '还有未完成的落实事项，不能办结', en: 'Some action items are still open' },
  REOPEN_WINDOW_PASSED: {
    status: 409,
    zh: '办结已超过30天，不能再重新打开',
    en: 'More than 30 days have passed since it was closed',
  },
  UNSUPPORTED_IMAGE: {
    status: 415,
    zh: '只能上传 JPEG、PNG 或 WebP 格式的图片',
    en: 'Only JPEG, PNG or WebP images can be uploaded',
  },
  IMAGE_TOO_LARGE: { status: 413, zh: IMAGE_LIMITS_ZH, en: IMAGE_LIMITS_EN },
  UNSUPPORTED_DOCUMENT: {
    status: 415,
    zh: '只能上传 PDF 文件或 JPEG、PNG、WebP 图片',
    en: 'Only a PDF or a JPEG, PNG or WebP image can be uploaded',
  },
  PDF_ACTIVE_CONTENT: {
    status: 415,
    zh: '这个 PDF 含有脚本、自动操作或嵌入文件，不能上传；请用“打印为 PDF”另存一份再上传',
    en: 'This PDF carries scripts, actions or embedded files; save it again with “Print to PDF” and upload that',
  },
  PDF_TOO_LARGE: { status: 413, zh: PDF_LIMITS_ZH, en: PDF_LIMITS_EN },
  EDIT_CONFLICT: {
    status: 409,
    zh: '这条记录刚被别人改过，请看最新内容后再改',
    en: 'Someone else has just changed this record; look at the latest version before changing it',
  },
  ZONE_FULL: { status: 409, zh: '这个片区已被认领满了', en: 'This zone has no claim places left' },
  NO_HOURS_TO_CERTIFY: {
    status: 409,
    zh: '这段时间内没有本单位记录的服务时长，无法出具证明',
    en: 'No hours recorded by this organisation in that period, so nothing can be certified',
  },
  IMPORT_ROWS_INVALID: {
    status: 422,
    zh: '表格里有不对的行（见下面的清单），什么都没有导入',
    en: 'Some rows of the sheet are wrong (listed below); nothing was imported',
  },
  PHONE_TAKEN: {
    status: 409,
    zh: '这个手机号已登记给另一个人',
    en: 'This phone number is already registered to someone else',
  },
  NO_SUCH_DOOR: {
    status: 422,
    zh: '这个小区没有这个门牌（楼栋-单元-门牌号），请核对',
    en: 'No such door (building-stairwell-door) in this compound; check it',
  },
  JOIN_PENDING: {
    status: 409,
    zh: '这个手机号已有一份加入申请在等待社区审核',
    en: 'A join request from this phone is already waiting for the community',
  },
  INTERNAL: { status: 500, zh: '服务器出错了，请稍后再试', en: 'Something went wrong on our side' },
  UNAVAILABLE: { status: 503, zh: '服务暂时不可用', en: 'Service temporarily unavailable' },
  VOTE_CLOSED: { status: 409, zh: '表决已结束，不能再更改', en: 'This vote has closed and can no longer change' },
  VOTE_NOT_OPEN: { status: 409, zh: '表决尚未开始', en: 'This vote has not opened yet' },
  VOTE_STILL_RUNNING: { status: 409, zh: '表决期限未到，不能提前结束', en: 'The voting window has not ended yet' },
  NOT_A_VOTER: { status: 403, zh: '您不在本次表决的业主名单中', en: 'You are not in this vote’s list of owners' },
  KEYED_ALREADY: {
    status: 409,
    zh: '您已录入过这张纸质票，须由另一位工作人员独立录入',
    en: 'You have keyed this paper ballot already; another staff member must key it independently',
  },
  KEYING_SETTLED: { status: 409, zh: '这张纸质票已录入完成并计入', en: 'This paper ballot is keyed and counted already' },
  PAPER_CODE_INVALID: {
    status: 422,
    zh: '选票上的编码无法识别或校验不符，请重新扫描或核对编码',
    en: 'The ballot code is not recognised or its check value is wrong; scan again or check the code',
  },
  UNIT_ALREADY_VOTED: {
    status: 409,
    zh: '这户已有计入的选票（网上已投票或纸质票已计入），不能再录入纸质票',
    en: 'This unit already has a counted ballot (online or paper); no paper ballot can be keyed for it',
  },
  POLL_CLOSED: { status: 409, zh: '这个问卷已经截止', en: 'This poll has closed' },
  NOT_IN_AUDIENCE: { status: 403, zh: '这个问卷不面向您', en: 'This poll is not addressed to you' },
  BUDGET_EXISTS: { status: 409, zh: '这一年的自治金已经设立', en: 'This year’s micro-budget already exists' },
  PROPOSAL_OVER_POT: {
    status: 422,
    zh: '项目预算超过了自治金总额',
    en: 'The proposal costs more than the whole pot',
  },
  BALLOT_OVER_BUDGET: {
    status: 422,
    zh: '所选项目合计超过了自治金总额，请少选几项',
    en: 'The proposals you chose cost more than the pot; choose fewer',
  },
  BUDGET_NOT_PROPOSING: { status: 409, zh: '自治金已不再征集项目', en: 'This micro-budget no longer takes proposals' },
  BUDGET_NOT_VOTING: { status: 409, zh: '自治金投票未开始或已结束', en: 'Voting on this micro-budget is not open' },
  PROPOSALS_UNREVIEWED: {
    status: 409,
    zh: '还有项目未完成可行性审核',
    en: 'Some proposals have not been checked for feasibility yet',
  },
  NO_FEASIBLE_PROPOSALS: { status: 409, zh: '没有通过审核的项目，无法开始投票', en: 'No proposal passed the feasibility check' },
  NO_HOUSEHOLD: {
    status: 422,
    zh: '您在本辖区没有登记住户，不能投票',
    en: 'You have no registered household here, so you cannot vote',
  },
  ELECTORATE_EMPTY: { status: 409, zh: '该小区没有登记房屋，无法发起表决', en: 'This compound has no registered units to vote' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export type Lang = 'zh-CN' | 'en';

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
  requestId: string;
}

export function errorMessage(code: ErrorCode, lang: Lang): string {
  const e = ERRORS[code];
  return lang === 'en' ? e.en : e.zh;
}
