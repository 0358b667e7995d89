import { addStrings } from '../../i18n';

/** Strings only the organisation page needs, added when it loads (kept out of the first page). */
addStrings('registry', {
  'zh-CN': {
    picker: { notOwner: '非本小区业主，不能加入业委会' },
    orgPage: {
      secretaryHint:
        '支部书记就是在本小区担任“支部书记”角色的人：在这里选定，角色随之转给他（须已开通账号）；在“角色管理”授予，这里也随之改变。',
    },
  },
  en: {
    picker: { notOwner: 'Not an owner here: cannot join the owners’ committee' },
    orgPage: {
      secretaryHint:
        'The branch secretary is whoever holds the branch secretary role here: choosing one moves the role to them (they need an account); granting the role on the roles page changes this too.',
    },
  },
});
