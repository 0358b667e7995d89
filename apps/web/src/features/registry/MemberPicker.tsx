import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { ErrorNote } from '../../ui/Page';
import './org.strings';
import type { SearchResult } from './types';

/** Finds a resident of the compound and adds them to the branch or the committee. */
export function MemberPicker({ compoundId, onSaved }: { compoundId: string; onSaved: () => void }) {
  const { t } = useTranslation('registry');
  const [q, setQ] = useState('');
  const [results, setResults] = useState<SearchResult[]>([]);
  const [error, setError] = useState<unknown>();
  const [ok, setOk] = useState<string>();

  async function search(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const params = new URLSearchParams({ q: q.trim(), nodeId: compoundId });
      setResults((await api<{ results: SearchResult[] }>(`/api/v1/registry/search?${params}`)).results);
    } catch (err) {
      setError(err);
    }
  }

  async function add(person: SearchResult, to: 'branch' | 'committee') {
    setError(undefined);
    setOk(undefined);
    try {
      if (to === 'branch')
        await api(`/api/v1/registry/compounds/${compoundId}/branch/members`, { method: 'POST', body: { personId: person.id } });
      else
        await api(`/api/v1/registry/compounds/${compoundId}/committee/members/${person.id}`, {
          method: 'PUT',
          body: { position: 'member' },
        });
      setOk(t(to === 'branch' ? 'picker.addedBranch' : 'picker.addedCommittee', { name: person.name }));
      onSaved();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby="picker-h">
      <h2 id="picker-h">{t('picker.title')}</h2>
      <form className="registry-search" onSubmit={search}>
        <label htmlFor="picker-q">{t('search')}</label>
        <div className="registry-search-row">
          <input data-unsent="" id="picker-q" value={q} onChange={(e) => setQ(e.target.value)} required />
          <button className="btn" type="submit">
            {t('searchButton')}
          </button>
        </div>
      </form>
      {ok && (
        <p className="ok-note" role="status">
          {ok}
        </p>
      )}
      <ErrorNote error={error} />
      <ul className="list">
        {results.map((r) => (
          <li key={r.id} className="list-item">
            <strong>{r.name}</strong> <span className="muted">{r.address}</span>
            <div className="link-grid">
              <button type="button" className="btn btn-secondary" onClick={() => add(r, 'branch')}>
                {t('picker.toBranch')}
              </button>
              {r.owner ? (
                <button type="button" className="btn btn-secondary" onClick={() => add(r, 'committee')}>
                  {t('picker.toCommittee')}
                </button>
              ) : (
                <span className="muted">{t('picker.notOwner')}</span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Removes a member (the secretary and the chair are changed in the forms above, not removed). */
export function RemoveButton({ url, label, onSaved }: { url: string; label: string; onSaved: () => void }) {
  const [error, setError] = useState<unknown>();
  return (
    <div className="member-actions">
      <button
        type="button"
        className="btn btn-secondary"
        onClick={async () => {
          setError(undefined);
          try {
            await api(url, { method: 'DELETE' });
            onSaved();
          } catch (err) {
            setError(err);
          }
        }}
      >
        {label}
      </button>
      <ErrorNote error={error} />
    </div>
  );
}
