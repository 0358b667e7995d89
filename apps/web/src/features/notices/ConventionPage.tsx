import type { Convention, DiffLine } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useApi } from '../dashboard/useApi';
import './notices.css';

/** The 居民公约 of a compound: the current text, acknowledgement, versions, a diff, and a new version for staff. */
export default function ConventionPage() {
  const { t } = useTranslation('notices');
  const { nodeId } = useParams();
  const { me } = useSession();
  const { data, error, reload } = useApi<Convention>(nodeId ? `/api/v1/conventions/${encodeURIComponent(nodeId)}` : null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<DiffLine[]>();
  const [actionError, setActionError] = useState<unknown>();
  const [draft, setDraft] = useState<string>();
  const [note, setNote] = useState('');

  if (!nodeId) {
    const compound = me?.roles.find((r) => r.nodeKind === 'compound') ?? me?.roles[0];
    return compound ? <Navigate to={`/conventions/${compound.nodeId}`} replace /> : <Loading />;
  }
  const cur = data?.current;
  const versions = data?.versions ?? [];

  const ack = () =>
    cur &&
    api(`/api/v1/conventions/${encodeURIComponent(nodeId)}/ack`, { method: 'POST', body: { version: cur.version } }).then(
      reload,
      setActionError,
    );
  const compare = (e: FormEvent) => {
    e.preventDefault();
    const a = from || String(versions[1]?.version ?? 1);
    const b = to || String(versions[0]?.version ?? 1);
    api<{ lines: DiffLine[] }>(`/api/v1/conventions/${encodeURIComponent(nodeId)}/diff?from=${a}&to=${b}`).then(
      (r) => setDiff(r.lines),
      setActionError,
    );
  };
  const publish = (e: FormEvent) => {
    e.preventDefault();
    setActionError(undefined);
    api(`/api/v1/conventions/${encodeURIComponent(nodeId)}/versions`, {
      method: 'POST',
      body: { title: cur?.title ?? t('convention'), body: draft ?? cur?.body ?? '', note, baseVersion: cur?.version ?? 0 },
    }).then(
      () => {
        setDraft(undefined);
        setNote('');
        reload();
      },
      (err: unknown) =>
        setActionError(err instanceof ApiError && err.code === 'CONFLICT' ? new ApiError(409, 'CONFLICT', t('conflict')) : err),
    );
  };

  return (
    <Page title={cur?.title ?? t('convention')}>
      <ErrorNote error={error ?? actionError} />
      {!data && !error && <Loading />}
      {data && !cur && <p>{t('noConvention')}</p>}
      {cur && (
        <article className="card">
          <p className="muted">
            {data?.nodeName} · {t('version', { n: cur.version })} ·{' '}
            {t('publishedAt', { at: new Date(cur.publishedAt).toLocaleDateString() })}
          </p>
          <div className="cv-text" data-testid="convention-text">
            {cur.body}
          </div>
          {cur.ackedByMe ? (
            <p className="ok-note" role="status">
              {t('acked')}
            </p>
          ) : (
            <button type="button" className="btn btn-block" onClick={ack}>
              {t('ack')}
            </button>
          )}
        </article>
      )}
      {versions.length > 0 && (
        <>
          <h2>{t('versions')}</h2>
          <ul className="list">
            {versions.map((v) => (
              <li className="list-item" key={v.id}>
                <strong>{t('version', { n: v.version })}</strong> · {new Date(v.publishedAt).toLocaleDateString()}{' '}
                {v.note && `· ${v.note}`}
                {v.ackCount !== null && ` · ${t('ackCount', { n: v.ackCount })}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {versions.length > 1 && (
        <>
          <h2>{t('diff')}</h2>
          <form className="cv-compare" onSubmit={compare}>
            {(
              [
                ['cv-from', t('from'), from, setFrom, versions[1]?.version],
                ['cv-to', t('to2'), to, setTo, versions[0]?.version],
              ] as const
            ).map(([id, label, value, set, dflt]) => (
              <div className="field" key={id}>
                <label htmlFor={id}>{label}</label>
                <select data-unsent="" id={id} value={value || String(dflt)} onChange={(e) => set(e.target.value)}>
                  {versions.map((v) => (
                    <option key={v.id} value={v.version}>
                      {t('version', { n: v.version })}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <button className="btn btn-secondary" type="submit">
              {t('compare')}
            </button>
          </form>
          {diff && (
            <ol className="cv-diff" data-testid="convention-diff">
              {diff.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines of a diff have no identity but their place
                <li key={i} className={l.op}>
                  {l.op !== 'same' && <span className="tag">{l.op === 'add' ? `+ ${t('added')}` : `− ${t('removed')}`}</span>}
                  {l.text}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      {data?.canEdit && (
        <form className="form card" onSubmit={publish}>
          <h2>{t('newVersion')}</h2>
          <div className="field">
            <label htmlFor="cv-body">{t('body')}</label>
            <textarea
              name="body"
              id="cv-body"
              rows={10}
              value={draft ?? cur?.body ?? ''}
              onChange={(e) => setDraft(e.target.value)}
              required
            />
          </div>
          <Field name="note" label={t('note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          <button className="btn" type="submit">
            {t('newVersion')}
          </button>
        </form>
      )}
    </Page>
  );
}
