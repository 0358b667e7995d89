import { PHONE_RE } from '@lianxin/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import './accounts.css';

interface Offer {
  role: string;
  nodeName: string;
  expiresAt: string;
}

/** Redeems an invitation once: adds the role to the signed-in account, or creates a new account. */
export default function InvitePage() {
  const { t } = useTranslation('accounts');
  const { t: tc } = useTranslation();
  const { code = '' } = useParams();
  const { me, loading, refresh } = useSession();
  const [offer, setOffer] = useState<Offer | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState({ name: '', phone: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    api<Offer>(`/api/v1/invitations/${encodeURIComponent(code)}`)
      .then(setOffer)
      .catch((err) => (err instanceof ApiError && err.status === 404 ? setInvalid(true) : setError(err)));
  }, [code]);

  async function redeem(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    const body: Record<string, string> = { code };
    if (!me) {
      const errs: Record<string, string> = {};
      if (!form.name.trim()) errs.name = t('nameRequired');
      if (!PHONE_RE.test(form.phone.trim())) errs.phone = t('phoneInvalid');
      if (form.password.length < 8) errs.password = t('passwordShort');
      setFieldErrors(errs);
      if (Object.keys(errs).length) return;
      Object.assign(body, { name: form.name.trim(), phone: form.phone.trim(), password: form.password });
    }
    setBusy(true);
    try {
      await api('/api/v1/invitations/redeem', { method: 'POST', body });
      await refresh();
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (loading) return <Loading />;
  return (
    <Page title={t('inviteTitle')}>
      {invalid && <p className="error-note">{t('inviteInvalid')}</p>}
      {!invalid && !offer && !error && <Loading />}
      {done ? (
        <>
          <p className="ok-note" role="status">
            {t('inviteDone')}
          </p>
          <Link className="btn btn-block" to="/me">
            {t('myAccount')}
          </Link>
        </>
      ) : (
        offer && (
          <form className="form" onSubmit={redeem} noValidate>
            <p className="big">{t('inviteOffer', { role: tc(`roles.${offer.role}`), place: offer.nodeName })}</p>
            {!me && (
              <>
                <Field
                  name="name"
                  label={t('name')}
                  value={form.name}
                  onChange={(e) => setForm({ ...form, name: e.target.value })}
                  error={fieldErrors.name}
                  autoComplete="name"
                />
                <Field
                  name="phone"
                  label={t('phone')}
                  type="tel"
                  inputMode="numeric"
                  value={form.phone}
                  onChange={(e) => setForm({ ...form, phone: e.target.value })}
                  error={fieldErrors.phone}
                  autoComplete="username"
                />
                <Field
                  name="password"
                  label={t('newPassword')}
                  type="password"
                  value={form.password}
                  onChange={(e) => setForm({ ...form, password: e.target.value })}
                  error={fieldErrors.password}
                  autoComplete="new-password"
                />
              </>
            )}
            <ErrorNote error={error} />
            <button type="submit" className="btn btn-block" disabled={busy}>
              {me ? t('inviteAccept') : t('inviteCreate')}
            </button>
          </form>
        )
      )}
      <ErrorNote error={offer ? undefined : error} />
    </Page>
  );
}
