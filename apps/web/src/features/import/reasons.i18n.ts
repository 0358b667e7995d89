import { IMPORT_REASONS } from '@lianxin/shared';

/**
 * Why an import row was refused, in the user's language (namespace "import", key "reasons").
 * Added by the import pages themselves (addStrings), so the first page never loads them.
 */
export const importReasonsI18n = {
  'zh-CN': { reasons: IMPORT_REASONS['zh-CN'] },
  en: { reasons: IMPORT_REASONS.en },
};
