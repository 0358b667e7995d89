import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { accountsI18n } from '../features/accounts/i18n';
import { adminI18n } from '../features/admin/i18n';
import { boardsI18n } from '../features/boards/i18n';
import { councilI18n } from '../features/council/i18n';
import { dashboardI18n } from '../features/dashboard/i18n';
import { discussionI18n } from '../features/discussion/i18n';
import { eventsI18n } from '../features/events/i18n';
import { hoursI18n } from '../features/hours/i18n';
import { noticesI18n } from '../features/notices/i18n';
import { notificationsI18n } from '../features/notifications/i18n';
import { ordersI18n } from '../features/orders/i18n';
import { pairingI18n } from '../features/pairing/i18n';
import { projectsI18n } from '../features/projects/i18n';
import { registryI18n } from '../features/registry/i18n';
import { staffTilesI18n } from '../features/staff/tiles.i18n';
import { stationsI18n } from '../features/stations/i18n';
import { volunteersI18n } from '../features/volunteers/i18n';
import { votesI18n } from '../features/votes/i18n';
import { zonesI18n } from '../features/zones/i18n';
import { editConflictI18n } from '../ui/edit-conflict.i18n';
import { core } from './core';

/**
 * Each feature's strings become a namespace named after the feature. Add one line per feature whose
 * strings the first page needs; a staff-only page adds its own with addStrings (e.g. `import`).
 */
const features: Record<string, { 'zh-CN': object; en: object }> = {
  votes: votesI18n,
  accounts: accountsI18n,
  council: councilI18n,
  discussion: discussionI18n,
  admin: adminI18n,
  events: eventsI18n,
  orders: ordersI18n,
  notifications: notificationsI18n,
  volunteers: volunteersI18n,
  pairing: pairingI18n,
  zones: zonesI18n,
  hours: hoursI18n,
  registry: registryI18n,
  boards: boardsI18n,
  stations: stationsI18n,
  dashboard: dashboardI18n,
  notices: noticesI18n,
  projects: projectsI18n,
  editConflict: editConflictI18n,
  staff: staffTilesI18n,
};

export type Lang = 'zh-CN' | 'en';
export const LANG_KEY = 'lx.lang';

export function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

const resources: Record<Lang, Record<string, object>> = { 'zh-CN': { core: core['zh-CN'] }, en: { core: core.en } };
for (const [ns, bundle] of Object.entries(features)) {
  resources['zh-CN'][ns] = bundle['zh-CN'];
  resources.en[ns] = bundle.en;
}

void i18next.use(initReactI18next).init({
  resources,
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  defaultNS: 'core',
  interpolation: { escapeValue: false }, // React escapes
});

/**
 * Adds strings that only a lazily loaded page needs, from that page's own module, so they stay out
 * of the first page's JavaScript. Deep-merged into the namespace: a page may add to one that is
 * already loaded.
 */
export function addStrings(ns: string, bundle: { 'zh-CN': object; en: object }): void {
  for (const lang of ['zh-CN', 'en'] as const) i18next.addResourceBundle(lang, ns, bundle[lang], true, false);
}

export default i18next;
