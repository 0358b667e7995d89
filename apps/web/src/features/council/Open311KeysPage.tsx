import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { ErrorNote, Page } from '../../ui/Page';
import { councilApi } from './api';
import { fmtDate, useCompound } from './common';
import './council.css';

/** Staff issue and revoke the Open311 keys of their compound; a new key is shown once. */
export default function Open311KeysPage() {
  const { t } = useTranslation('council');
  const { compoundId } = useCompound();
  const [keys, setKeys] = useState<Array<{ id: string; label: string; createdAt: string; revokedAt: string | null }>>([]);
  const [label, setLabel] = useState('');
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    if (!compoundId) return;
    try {
      setKeys((await councilApi.keys(compoundId)).keys);
    } catch (e) {
      setError(e);
    }
  }, [compoundId]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Page title={t('keys.title')}>
      <p>{t('keys.hint')}</p>
      <ErrorNote error={error} />
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            setFresh((await councilApi.createKey(compoundId, label)).key);
            setLabel('');
            await load();
          } catch (err) {
            setError(err);
          }
        }}
      >
        <Field
          name="label"
          label={t('keys.label')}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          required
          maxLength={60}
        />
        <button type="submit" className="btn" disabled={!label.trim()}>
          {t('keys.create')}
        </button>
      </form>
      {fresh && (
        <div className="ok-note" role="status">
          <p>{t('keys.created')}</p>
          <p className="council-key">{fresh}</p>
        </div>
      )}
      <ul className="list">
        {keys.map((k) => (
          <li key={k.id} className="list-item council-action">
            <span>
              {k.label} · {fmtDate(k.createdAt)} {k.revokedAt ? `· ${t('keys.revoked')}` : ''}
            </span>
            {!k.revokedAt && (
              <button
                type="button"
                className="btn btn-secondary"
                onClick={async () => {
                  try {
                    await councilApi.revokeKey(k.id);
                    await load();
                  } catch (e) {
                    setError(e);
                  }
                }}
              >
                {t('keys.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}
