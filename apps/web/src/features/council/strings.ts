import { addStrings } from '../../i18n';

/** Strings only the council's lazily loaded pages need (quorum, namesakes, one's own issue). */
addStrings('council', {
  'zh-CN': {
    quorum: {
      label: '表决法定人数（出席成员至少几人）',
      hint: '留空则按默认：超过成员半数。',
      now: '现有成员 {{members}} 人，作出决定至少需 {{required}} 人出席。',
      shown: '出席 {{present}} 人（共 {{members}} 名成员，法定人数 {{required}} 人）',
    },
    ownIssue: '这是您反映的问题，不能为自己附议。',
  },
  en: {
    quorum: {
      label: 'Quorum (members who must be present)',
      hint: 'Leave blank for the default: more than half of the members.',
      now: '{{members}} members now; a decision needs at least {{required}} present.',
      shown: '{{present}} present (of {{members}} members; quorum {{required}})',
    },
    ownIssue: 'You raised this issue, so you cannot support it yourself.',
  },
});
