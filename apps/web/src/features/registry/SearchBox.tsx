import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { ErrorNote } from '../../ui/Page';
import type { SearchResult } from './types';

/**
 * Finds residents by name, door number or phone suffix; phones arrive masked. Each result links to
 * the person's page, or with `onPick` is a button that hands the result back (the merge picker).
 */
export function SearchBox({
  nodeId,
  onPick,
  inputId = 'registry-q',
  label,
}: {
  nodeId?: string;
  onPick?: (r: SearchResult) => void;
  inputId?: string;
  label?: string;
}) {
  const { t } = useTranslation('registry');
  const [q, setQ] = useState('');
  const [results, setResults] = useState<SearchResult[]>();
  const [error, setError] = useState<unknown>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!q.trim()) return;
    setError(undefined);
    try {
      const params = new URLSearchParams({ q: q.trim(), ...(nodeId ? { nodeId } : {}) });
      setResults((await api<{ results: SearchResult[] }>(`/api/v1/registry/search?${params}`)).results);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="card">
      <form className="registry-search" onSubmit={submit} role="search">
        <label htmlFor={inputId}>{label ?? t('search')}</label>
        <div className="registry-search-row">
          <input
            data-unsent=""
            id={inputId}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('searchHint')}
            aria-describedby={`${inputId}-hint`}
          />
          <button className="btn" type="submit">
            {t('searchButton')}
          </button>
        </div>
        <p id={`${inputId}-hint`} className="field-hint">
          {t('searchHint')}
        </p>
      </form>
      <ErrorNote error={error} />
      {results && results.length === 0 && <p className="muted">{t('noResults')}</p>}
      {results && results.length > 0 && (
        <ul className="list" aria-label={label ?? t('search')}>
          {results.map((r) => {
            const body = (
              <>
                <strong>{r.name}</strong> <span>{r.address}</span> <span className="muted">{r.phone ?? ''}</span>
              </>
            );
            return (
              <li key={r.id}>
                {onPick ? (
                  <button type="button" className="list-button" onClick={() => onPick(r)} data-testid="search-pick">
                    {body}
                  </button>
                ) : (
                  <Link className="list-button" to={`/registry/people/${r.id}`}>
                    {body}
                  </Link>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
