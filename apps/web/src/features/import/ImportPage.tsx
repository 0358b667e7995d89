import { IMPORT_LIMITS } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { addStrings } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { ErrorNote, Page } from '../../ui/Page';
import { HelpLink } from '../help/HelpLink';
import { useFetch } from '../registry/useFetch';
import { importI18n } from './i18n';
import { importReasonsI18n } from './reasons.i18n';
import { readImportStream } from './stream';
import './import.css';

addStrings('import', importI18n);
addStrings('import', importReasonsI18n);

interface Outcome {
  ok: boolean;
  rows: number;
  units: number;
  people: number;
  errors: Array<{ row: number; column: string; reason: string; value?: string }>;
  unitCounts?: Counts;
  peopleCounts?: Counts;
  newBuildings?: string[];
  newStairwells?: string[];
  absent?: Array<{ id: string; name: string; address: string }>;
}

interface Counts {
  added: number;
  changed: number;
  unchanged: number;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'checked'; outcome: Outcome }
  | { kind: 'importing'; done: number; total: number }
  | { kind: 'done'; outcome: Outcome }
  | { kind: 'failed'; outcome?: Outcome };

/**
 * The import wizard: choose a file, check it (dry run: every bad row with row, column, reason),
 * fix and choose again, then import it all at once with a progress bar.
 */
export default function ImportPage() {
  const { t } = useTranslation('import');
  const [params] = useSearchParams();
  const compoundId = params.get('compound');
  const { me } = useSession();
  const compound = useFetch<{ id: string; name: string }>(compoundId ? `/api/v1/registry/nodes/${compoundId}` : null);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<unknown>();

  if (!compoundId) {
    return (
      <Page title={t('title')}>
        <p>{t('chooseCompound')}</p>
        <Link className="btn" to="/registry">
          {t('back')}
        </Link>
      </Page>
    );
  }

  function form(): FormData {
    const fd = new FormData();
    fd.append('file', file as File);
    return fd;
  }

  async function check(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    setPhase({ kind: 'checking' });
    try {
      const outcome = await api<Outcome>(`/api/v1/registry/compounds/${compoundId}/import?dryRun=true`, {
        method: 'POST',
        body: form(),
      });
      setPhase({ kind: 'checked', outcome });
    } catch (err) {
      setError(err);
      setPhase({ kind: 'idle' });
    }
  }

  async function runImport() {
    if (!file || !me) return;
    setError(undefined);
    setPhase({ kind: 'importing', done: 0, total: phase.kind === 'checked' ? phase.outcome.rows : 0 });
    try {
      const last = await readImportStream(
        `/api/v1/registry/compounds/${compoundId}/import`,
        form(),
        me.csrfToken,
        (done, total) => setPhase({ kind: 'importing', done, total }),
      );
      setPhase(last.ok ? { kind: 'done', outcome: last } : { kind: 'failed', outcome: last });
    } catch (err) {
      setError(err instanceof ApiError ? err : new Error('network'));
      setPhase({ kind: 'failed' });
    }
  }

  const checked = phase.kind === 'checked' ? phase.outcome : undefined;
  return (
    <Page title={t('title')} actions={<HelpLink topic="import" />}>
      {compound.data && <p className="big">{t('into', { name: compound.data.name })}</p>}
      <ErrorNote error={compound.error ?? error} />
      <form className="card form" onSubmit={check}>
        <h2>{t('step1')}</h2>
        <p className="field-hint">{t('columns')}</p>
        <p className="field-hint">
          {t('limits', {
            fileMb: IMPORT_LIMITS.maxFileBytes / 1024 / 1024,
            inflatedMb: IMPORT_LIMITS.maxInflatedBytes / 1024 / 1024,
            rows: IMPORT_LIMITS.maxRows,
            columns: IMPORT_LIMITS.maxColumns,
          })}
        </p>
        <div className="field">
          <label htmlFor="import-file">{t('file')}</label>
          <input
            name="file"
            id="import-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPhase({ kind: 'idle' });
            }}
          />
        </div>
        <button className="btn" type="submit" disabled={!file || phase.kind === 'checking' || phase.kind === 'importing'}>
          {phase.kind === 'checking' ? t('checking') : t('check')}
        </button>
      </form>
      {checked && <Report outcome={checked} />}
      {checked?.ok && (
        <section className="card">
          <h2>{t('step3')}</h2>
          <button className="btn btn-block" type="button" onClick={runImport}>
            {t('import')}
          </button>
        </section>
      )}
      {phase.kind === 'importing' && (
        <section className="card" aria-live="polite">
          <label htmlFor="import-progress">{t('importing', { done: phase.done, total: phase.total })}</label>
          <progress id="import-progress" className="import-progress" max={phase.total || 1} value={phase.done} />
        </section>
      )}
      {phase.kind === 'done' && (
        <div className="ok-note" role="status">
          <p>{t('done', { units: phase.outcome.units, people: phase.outcome.people })}</p>
          <progress
            className="import-progress"
            max={1}
            value={1}
            aria-label={t('done', { units: phase.outcome.units, people: phase.outcome.people })}
          />
          <Link className="btn" to={`/registry/nodes/${compoundId}`}>
            {t('back')}
          </Link>
        </div>
      )}
      {phase.kind === 'failed' && (
        <>
          <div className="error-note" role="alert">
            {t('failed')}
          </div>
          {phase.outcome && <Report outcome={phase.outcome} />}
        </>
      )}
    </Page>
  );
}

function Report({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation('import');
  return (
    <section className="card" aria-labelledby="report-h">
      <h2 id="report-h">{t('step2')}</h2>
      <p>{t('summary', { rows: outcome.rows, units: outcome.units, people: outcome.people })}</p>
      {outcome.errors.length === 0 ? (
        <>
          <p className="ok-note" role="status">
            {t('clean')}
          </p>
          <Changes outcome={outcome} />
        </>
      ) : (
        <>
          <p className="error-note" role="alert">
            {t('bad', { n: outcome.errors.length })}
          </p>
          <div className="table-wrap">
            <table className="report">
              <caption className="sr-only">{t('step2')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('row')}</th>
                  <th scope="col">{t('column')}</th>
                  <th scope="col">{t('reason')}</th>
                  <th scope="col">{t('value')}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.errors.map((e) => (
                  <tr key={`${e.row}-${e.column}-${e.reason}`}>
                    <td>{e.row || '—'}</td>
                    <td>{t(`col.${e.column}`)}</td>
                    <td>{t(`reasons.${e.reason}`, { defaultValue: e.reason })}</td>
                    <td>{e.value ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** What the import adds and changes: new 楼栋 and 单元 to confirm, counts, people no longer in the sheet. */
function Changes({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation('import');
  const u = outcome.unitCounts;
  const p = outcome.peopleCounts;
  return (
    <div data-testid="import-changes">
      {u && p && (
        <p>
          {t('counts', {
            ua: u.added,
            uc: u.changed,
            uu: u.unchanged,
            pa: p.added,
            pc: p.changed,
            pu: p.unchanged,
          })}
        </p>
      )}
      {!!outcome.newBuildings?.length && <p>{t('newBuildings', { list: outcome.newBuildings.join('、') })}</p>}
      {!!outcome.newStairwells?.length && <p>{t('newStairwells', { list: outcome.newStairwells.join('、') })}</p>}
      {!!outcome.absent?.length && (
        <>
          <p className="note">{t('absentHint', { n: outcome.absent.length })}</p>
          <ul className="list">
            {outcome.absent.map((a) => (
              <li key={a.id}>
                <Link to={`/registry/people/${a.id}`}>
                  {a.name}（{a.address}）
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
