import { PHONE_RE } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote, Page } from '../../ui/Page';
import './accounts.css';

/** Forgot password: a code to the registered phone, then a new password (every session ends). */
export default function ForgotPasswordPage() {
  const { t } = useTranslation('accounts');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<{ phone?: string; code?: string; next?: string }>({});
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function sendCode() {
    if (!PHONE_RE.test(phone.trim())) return setErrors({ phone: t('phoneInvalid') });
    setErrors({});
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/v1/auth/code/request', { method: 'POST', body: { phone: phone.trim() } });
      setSent(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!PHONE_RE.test(phone.trim())) errs.phone = t('phoneInvalid');
    if (!/^\d{6}$/.test(code.trim())) errs.code = t('codeInvalid');
    if (next.length < 8) errs.next = t('passwordShort');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/v1/auth/password/reset', { method: 'POST', body: { phone: phone.trim(), code: code.trim(), next } });
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (done)
    return (
      <Page title={t('forgotTitle')}>
        <p className="ok-note" role="status">
          {t('forgotDone')}
        </p>
        <Link className="btn" to="/login">
          {t('signIn')}
        </Link>
      </Page>
    );
  return (
    <Page title={t('forgotTitle')}>
      <p>{t('forgotHint')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <Field
          name="phone"
          label={t('phone')}
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={errors.phone}
        />
        <button type="button" className="btn btn-secondary btn-block" onClick={sendCode} disabled={busy}>
          {t('sendCode')}
        </button>
        {sent && (
          <p className="ok-note" role="status">
            {t('codeSent')}
          </p>
        )}
        <Field
          name="code"
          label={t('code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.code}
        />
        <Field
          name="next"
          label={t('newPassword')}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={errors.next}
        />
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-block" disabled={busy}>
          {t('savePassword')}
        </button>
      </form>
    </Page>
  );
}
