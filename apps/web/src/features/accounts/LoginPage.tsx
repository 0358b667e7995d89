import { PHONE_RE } from '@lianxin/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Page } from '../../ui/Page';

interface DemoInfo {
  enabled: boolean;
  password?: string;
  accounts?: Array<{ phone: string; name: string; role: string; place: string }>;
}

export default function LoginPage() {
  const { t } = useTranslation('accounts');
  const { t: tc } = useTranslation();
  const { login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [phoneError, setPhoneError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoInfo>({ enabled: false });

  useEffect(() => {
    api<DemoInfo>('/api/v1/demo/accounts')
      .then(setDemo)
      .catch(() => {});
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    if (!PHONE_RE.test(phone.trim())) {
      setPhoneError(t('phoneInvalid'));
      return;
    }
    setPhoneError(undefined);
    setBusy(true);
    try {
      await login(phone.trim(), password);
      navigate(params.get('next') ?? '/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('loginTitle')}>
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
        <Field
          label={t('password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          name="password"
        />
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-block" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
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
