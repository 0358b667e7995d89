import { addStrings } from '../../i18n';

/** Strings only the organisation page needs, added when it loads (kept out of the first page). */
addStrings('registry', {
  'zh-CN': { picker: { notOwner: '非本小区业主，不能加入业委会' } },
  en: { picker: { notOwner: 'Not an owner here: cannot join the owners’ committee' } },
});
