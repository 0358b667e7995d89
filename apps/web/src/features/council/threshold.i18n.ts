/**
 * Strings of the support threshold (settings, timeline), added by the council pages that show them
 * (addStrings) so the first page does not carry them.
 */
export const thresholdI18n = {
  'zh-CN': {
    roles: { support_threshold: '支持人数达到门槛（自动）' },
    settings: {
      threshold: '支持门槛：占本小区住户的百分比（留空为不启用）',
      thresholdHint: '本小区登记住户 {{households}} 户，当前需要 {{needed}} 人支持，问题即自动列入下一次议事会议程。',
      thresholdOff: '本小区登记住户 {{households}} 户；未启用支持门槛。',
    },
  },
  en: {
    roles: { support_threshold: 'Support threshold (automatic)' },
    settings: {
      threshold: 'Support threshold: percent of the compound’s households (empty: off)',
      thresholdHint:
        '{{households}} registered households: an issue with {{needed}} supports goes on the next meeting’s agenda by itself.',
      thresholdOff: '{{households}} registered households; no support threshold.',
    },
  },
};
