import { PHONE_RE } from '@lianxin/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Page } from '../../ui/Page';
import './accounts.css';

interface DemoInfo {
  enabled: boolean;
  password?: string;
  accounts?: Array<{ phone: string; name: string; role: string; place: string }>;
}

type Method = 'password' | 'code';

/** Sign in with phone + password, or with a one-time SMS code. Demo accounts listed in demo mode only. */
export default function LoginPage() {
  const { t } = useTranslation('accounts');
  const { t: tc } = useTranslation();
  const { login, refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [method, setMethod] = useState<Method>('password');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [phoneError, setPhoneError] = useState<string>();
  const [codeError, setCodeError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [wait, setWait] = useState(0);
  const [demo, setDemo] = useState<DemoInfo>({ enabled: false });

  useEffect(() => {
    api<DemoInfo>('/api/v1/demo/accounts')
      .then(setDemo)
      .catch(() => {});
  }, []);

  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  function phoneOk(): boolean {
    if (!PHONE_RE.test(phone.trim())) {
      setPhoneError(t('phoneInvalid'));
      return false;
    }
    setPhoneError(undefined);
    return true;
  }

  function done() {
    const next = params.get('next');
    navigate(next?.startsWith('/') ? next : '/');
  }

  async function sendCode() {
    setError(undefined);
    if (!phoneOk()) return;
    setBusy(true);
    try {
      await api('/api/v1/auth/code/request', { method: 'POST', body: { phone: phone.trim() } });
      setSent(true);
      setWait(60);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    if (!phoneOk()) return;
    setBusy(true);
    try {
      if (method === 'password') {
        await login(phone.trim(), password);
      } else {
        if (!/^\d{6}$/.test(code.trim())) {
          setCodeError(t('codeInvalid'));
          return;
        }
        setCodeError(undefined);
        await api('/api/v1/auth/code/verify', { method: 'POST', body: { phone: phone.trim(), code: code.trim() } });
        await refresh();
      }
      done();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('loginTitle')}>
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('methodLabel')}</legend>
        {(['password', 'code'] as const).map((m) => (
          <button
            key={m}
            type="button"
            className={`btn ${method === m ? '' : 'btn-secondary'}`}
            aria-pressed={method === m}
            onClick={() => {
              setMethod(m);
              setError(undefined);
            }}
          >
            {m === 'password' ? t('byPassword') : t('byCode')}
          </button>
        ))}
      </fieldset>
      <form onSubmit={submit} className="form" noValidate>
        <Field
          label={t('phone')}
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={phoneError}
          name="phone"
        />
        {method === 'password' ? (
          <Field
            label={t('password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            name="password"
          />
        ) : (
          <>
            <button type="button" className="btn btn-secondary btn-block" onClick={sendCode} disabled={busy || wait > 0}>
              {busy && !sent ? t('sendingCode') : wait > 0 ? t('resendIn', { s: wait }) : t('sendCode')}
            </button>
            {sent && (
              <p className="ok-note" role="status">
                {t('codeSent')}
              </p>
            )}
            <Field
              label={t('code')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={codeError}
              name="code"
            />
          </>
        )}
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-block" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
      <p>
        <Link to="/password/forgot">{t('forgotLink')}</Link>
      </p>
      {!demo.enabled && (
        <section className="card" aria-labelledby="no-account-title" data-testid="no-account">
          <h2 id="no-account-title">{t('noAccountTitle')}</h2>
          <p>{t('noAccountHint')}</p>
          <p>
            <Link to="/join">{t('joinLink')}</Link>
          </p>
        </section>
      )}
      {demo.enabled && demo.accounts && (
        <section className="card demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('demoTitle')}</h2>
          <p>{t('demoHint', { password: demo.password })}</p>
          <ul className="list">
            {demo.accounts.map((a) => (
              <li key={a.phone}>
                <button
                  type="button"
                  className="list-button"
                  onClick={() => {
                    setMethod('password');
                    setPhone(a.phone);
                    setPassword(demo.password ?? '');
                  }}
                >
                  <strong>{a.name}</strong> · {tc(`roles.${a.role}`)} · {a.place}
                  <span className="muted"> {a.phone}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
