import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Page } from '../../ui/Page';
import './accounts.css';

/**
 * Choose a new password. After signing in with a one-time password (the first administrator, a
 * reset by staff) every page leads here until a new one is chosen.
 */
export default function PasswordPage() {
  const { t } = useTranslation('accounts');
  const { me, refresh } = useSession();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ next?: string; again?: string }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: typeof errors = {};
    if (next.length < 8) errs.next = t('passwordShort');
    else if (next !== again) errs.again = t('passwordMismatch');
    setErrors(errs);
    if (errs.next || errs.again) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/v1/auth/password', { method: 'POST', body: { current, next } });
      await refresh();
      navigate('/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('changePasswordTitle')}>
      {me?.mustChangePassword && (
        <p className="note" role="status" data-testid="must-change-password">
          {t('mustChangePassword')}
        </p>
      )}
      <form onSubmit={submit} className="form" noValidate>
        <Field
          label={me?.mustChangePassword ? t('oneTimePassword') : t('currentPassword')}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          name="current"
        />
        <Field
          label={t('newPassword')}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={errors.next}
          name="next"
        />
        <Field
          label={t('newPasswordAgain')}
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.target.value)}
          error={errors.again}
          name="again"
        />
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-block" disabled={busy}>
          {t('savePassword')}
        </button>
      </form>
    </Page>
  );
}
