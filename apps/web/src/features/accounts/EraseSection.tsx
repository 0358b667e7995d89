import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { ErrorNote } from '../../ui/Page';

/** Erasing my own data, in two deliberate steps (no pop-up): ask, then confirm in words. */
export function EraseSection({ personId }: { personId: string }) {
  const { t } = useTranslation('accounts');
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function erase() {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/privacy/people/${encodeURIComponent(personId)}/erase`, { method: 'POST', body: { confirm: true } });
      await refresh();
      navigate('/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!asking) {
    return (
      <button type="button" className="btn btn-secondary btn-block" onClick={() => setAsking(true)}>
        {t('eraseStart')}
      </button>
    );
  }
  return (
    <section className="card acting-card" aria-labelledby="erase-title">
      <h2 id="erase-title">{t('eraseTitle')}</h2>
      <p>{t('eraseExplain')}</p>
      <ErrorNote error={error} />
      <button type="button" className="btn btn-block" disabled={busy} onClick={() => void erase()}>
        {t('eraseConfirm')}
      </button>
      <button type="button" className="btn btn-secondary btn-block" onClick={() => setAsking(false)}>
        {t('eraseCancel')}
      </button>
    </section>
  );
}
