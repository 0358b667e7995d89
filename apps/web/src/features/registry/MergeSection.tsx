import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { ErrorNote, OkNote } from '../../ui/Page';
import { mergeI18n } from './merge.i18n';
import { SearchBox } from './SearchBox';
import type { SearchResult } from './types';

addStrings('merge', mergeI18n);

interface Summary {
  id: string;
  name: string;
  phone: string | null;
  birthYear: number | null;
  address: string | null;
  hasAccount: boolean;
}

interface Preview {
  survivor: Summary;
  other: Summary;
  moves: Record<string, number>;
  ballotClashes: Array<{ voteId: string; title: string }>;
}

/**
 * Staff merge another record of the same person into this one: find it, see side by side what
 * each holds and how much will move, then confirm. Refusals (two ballots in one vote, another
 * compound) are said in words; nothing is half-merged.
 */
export function MergeSection({ personId, nodeId, onMerged }: { personId: string; nodeId?: string; onMerged: () => void }) {
  const { t } = useTranslation('merge');
  const [preview, setPreview] = useState<Preview>();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function pick(r: SearchResult) {
    setError(undefined);
    setDone(false);
    setPreview(undefined);
    if (r.id === personId) return setNote(t('self'));
    setNote('');
    try {
      setPreview(await api<Preview>(`/api/v1/registry/people/${personId}/merge-preview?other=${encodeURIComponent(r.id)}`));
    } catch (err) {
      setError(err);
    }
  }

  async function confirm() {
    if (!preview) return;
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/registry/people/${personId}/merge`, { method: 'POST', body: { otherId: preview.other.id } });
      setPreview(undefined);
      setDone(true);
      onMerged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const moves = preview ? Object.entries(preview.moves).filter(([, n]) => n > 0) : [];
  const row = (label: string, pickValue: (s: Summary) => string) =>
    preview && (
      <tr>
        <th scope="row">{label}</th>
        <td>{pickValue(preview.survivor)}</td>
        <td>{pickValue(preview.other)}</td>
      </tr>
    );

  return (
    <section className="card merge" aria-labelledby="merge-h" data-testid="merge-section">
      <h2 id="merge-h">{t('title')}</h2>
      <p className="field-hint">{t('hint')}</p>
      <SearchBox nodeId={nodeId} onPick={pick} inputId="merge-q" label={t('find')} />
      {note && <p className="field-error">{note}</p>}
      <OkNote show={done}>{t('done')}</OkNote>
      {preview && (
        <div className="merge-preview" data-testid="merge-preview">
          <table className="merge-table">
            <thead>
              <tr>
                <td />
                <th scope="col">{t('keep')}</th>
                <th scope="col">{t('into')}</th>
              </tr>
            </thead>
            <tbody>
              {row(t('name'), (s) => s.name)}
              {row(t('phone'), (s) => s.phone ?? '—')}
              {row(t('birthYear'), (s) => (s.birthYear ? String(s.birthYear) : '—'))}
              {row(t('address'), (s) => s.address ?? '—')}
              {row(t('account'), (s) => (s.hasAccount ? t('yes') : t('no')))}
            </tbody>
          </table>
          <h3>{t('moves')}</h3>
          {moves.length === 0 ? (
            <p>{t('nothing')}</p>
          ) : (
            <ul className="merge-moves" data-testid="merge-moves">
              {moves.map(([group, n]) => (
                <li key={group}>
                  <span>{t(`groups.${group}`, { defaultValue: group })}</span> <strong>{t('count', { count: n })}</strong>
                </li>
              ))}
            </ul>
          )}
          {preview.ballotClashes.length > 0 && (
            <div className="error-note" role="alert" data-testid="merge-clash">
              <p>{t('clash')}</p>
              <ul>
                {preview.ballotClashes.map((v) => (
                  <li key={v.voteId}>{v.title}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="merge-actions">
            <button
              type="button"
              className="btn"
              disabled={busy || preview.ballotClashes.length > 0}
              onClick={confirm}
              data-testid="merge-confirm"
            >
              {busy ? t('merging') : t('confirm')}
            </button>
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setPreview(undefined)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
