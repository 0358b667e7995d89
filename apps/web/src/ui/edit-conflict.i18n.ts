/** Strings of the edit-conflict note (ui/EditConflictNote.tsx), one namespace shared by every form. */
export const editConflictI18n = {
  'zh-CN': {
    loadLatest: '载入最新内容',
    yours: '你刚才填写、还没有保存的内容：',
    loaded: '已载入最新内容。你刚才填写的内容还在下面，可以对照着再改，改好后再保存。',
    empty: '（空）',
  },
  en: {
    loadLatest: 'Load the latest version',
    yours: 'What you entered (not saved):',
    loaded: 'The latest version is loaded. What you entered is still below to compare; change the form and save again.',
    empty: '(empty)',
  },
};
