import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import i18n, { LANG_KEY, type Lang } from '../i18n';
import { ApiError, api, setApiLang, setCsrfToken } from './api';
import { forgetOfflineAnswers } from './offline';

export interface Me {
  accountId: string;
  personId: string;
  name: string;
  phone: string | null;
  lang: Lang;
  largeText: boolean;
  csrfToken: string;
  roles: Array<{ role: string; nodeId: string; nodeName: string; nodeKind: string }>;
  actingFor: { personId: string; name: string; channel: string } | null;
  /** Signed in with a one-time password: every page leads to /password until a new one is set. */
  mustChangePassword?: boolean;
}

interface SessionValue {
  me: Me | null;
  loading: boolean;
  largeText: boolean;
  lang: Lang;
  login(phone: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  setLargeText(on: boolean): void;
  setLang(lang: Lang): void;
  hasRole(...roles: string[]): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);
export const LARGE_TEXT_KEY = 'lx.largeText';

function applyLargeText(on: boolean) {
  document.documentElement.classList.toggle('elder', on);
}

/** Holds the signed-in account and the display preferences (remembered on the device and account). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [largeText, setLargeTextState] = useState(() => localStorage.getItem(LARGE_TEXT_KEY) === '1');
  const [lang, setLangState] = useState<Lang>(() => (i18n.language === 'en' ? 'en' : 'zh-CN'));

  useEffect(() => applyLargeText(largeText), [largeText]);
  useEffect(() => {
    document.documentElement.lang = lang;
    setApiLang(lang);
  }, [lang]);

  // 长辈版 is saved on the account: signing in (or opening the app signed in) on any device applies it.
  const adopt = useCallback((m: Me | null) => {
    setMe(m);
    setCsrfToken(m?.csrfToken ?? '');
    if (m) {
      setLargeTextState(m.largeText);
      localStorage.setItem(LARGE_TEXT_KEY, m.largeText ? '1' : '0');
    }
  }, []);

  const refresh = useCallback(async () => {
    try {
      adopt(await api<Me>('/api/v1/auth/me'));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      adopt(null);
    } finally {
      setLoading(false);
    }
  }, [adopt]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const setLargeText = useCallback(
    (on: boolean) => {
      setLargeTextState(on);
      localStorage.setItem(LARGE_TEXT_KEY, on ? '1' : '0');
      if (me) {
        setMe({ ...me, largeText: on });
        void api('/api/v1/auth/preferences', { method: 'PATCH', body: { largeText: on } }).catch(() => {});
      }
    },
    [me],
  );

  const setLang = useCallback(
    (l: Lang) => {
      setLangState(l);
      localStorage.setItem(LANG_KEY, l);
      void i18n.changeLanguage(l);
      if (me) void api('/api/v1/auth/preferences', { method: 'PATCH', body: { lang: l } }).catch(() => {});
    },
    [me],
  );

  const value = useMemo<SessionValue>(
    () => ({
      me,
      loading,
      largeText,
      lang,
      async login(phone, password) {
        const m = await api<Me>('/api/v1/auth/login', { method: 'POST', body: { phone, password } });
        adopt(m);
        return m;
      },
      async logout() {
        await api('/api/v1/auth/logout', { method: 'POST' }).catch(() => {});
        await forgetOfflineAnswers();
        adopt(null);
      },
      refresh,
      setLargeText,
      setLang,
      hasRole: (...roles) => !!me?.roles.some((r) => roles.includes(r.role)),
    }),
    [me, loading, largeText, lang, adopt, refresh, setLargeText, setLang],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
