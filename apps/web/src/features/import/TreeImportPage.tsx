import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addStrings } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { ErrorNote, Page } from '../../ui/Page';
import { importI18n } from './i18n';
import { importReasonsI18n } from './reasons.i18n';
import './import.css';

addStrings('import', importI18n);
addStrings('import', importReasonsI18n);

interface TreeOutcome {
  ok: boolean;
  dryRun: boolean;
  rows: number;
  added: Array<{ row: number; kind: string; name: string; under: string }>;
  existing: number;
  errors: Array<{ row: number; column: string; reason: string; value?: string }>;
}

/**
 * The organisation tree from a spreadsheet (区, 街道, 社区, 小区, optionally 楼栋), for a district
 * administrator: check it (every bad row named; what it will add listed), then import it all.
 */
export default function TreeImportPage() {
  const { t } = useTranslation('import');
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<TreeOutcome>();
  const [done, setDone] = useState<TreeOutcome>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  function form(): FormData {
    const fd = new FormData();
    fd.append('file', file as File);
    return fd;
  }

  async function send(dryRun: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      const out = await api<TreeOutcome>(`/api/v1/registry/tree/import?dryRun=${dryRun}`, { method: 'POST', body: form() });
      if (dryRun) setChecked(out);
      else setDone(out);
    } catch (err) {
      const rows = err instanceof ApiError ? (err.details as { errors?: TreeOutcome['errors'] } | undefined)?.errors : undefined;
      if (rows) setChecked({ ok: false, dryRun: false, rows: 0, added: [], existing: 0, errors: rows });
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function check(e: FormEvent) {
    e.preventDefault();
    if (file) void send(true);
  }

  return (
    <Page title={t('treeTitle')}>
      <ErrorNote error={error} />
      <form className="card form" onSubmit={check}>
        <h2>{t('step1')}</h2>
        <p className="field-hint">{t('treeColumns')}</p>
        <div className="field">
          <label htmlFor="tree-file">{t('file')}</label>
          <input
            name="file"
            id="tree-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setChecked(undefined);
              setDone(undefined);
            }}
          />
        </div>
        <button className="btn" type="submit" disabled={!file || busy}>
          {busy && !checked ? t('checking') : t('check')}
        </button>
      </form>
      {checked && !done && (
        <section className="card" aria-labelledby="tree-report-h">
          <h2 id="tree-report-h">{t('step2')}</h2>
          {checked.errors.length > 0 ? (
            <>
              <p className="error-note" role="alert">
                {t('bad', { n: checked.errors.length })}
              </p>
              <div className="table-wrap">
                <table className="report" data-testid="tree-errors">
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
                    {checked.errors.map((e) => (
                      <tr key={`${e.row}-${e.column}-${e.reason}`}>
                        <td>{e.row || '—'}</td>
                        <td>{t(`treeCol.${e.column}`)}</td>
                        <td>{t(`reasons.${e.reason}`, { defaultValue: e.reason })}</td>
                        <td>{e.value ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <>
              <p className="ok-note" role="status" data-testid="tree-summary">
                {t('treeWillAdd', { n: checked.added.length, existing: checked.existing })}
              </p>
              <AddedList added={checked.added} />
              <button
                className="btn btn-block"
                type="button"
                disabled={busy || !checked.added.length}
                onClick={() => send(false)}
              >
                {t('treeImport')}
              </button>
            </>
          )}
        </section>
      )}
      {done && (
        <section className="ok-note" role="status" data-testid="tree-done">
          <p>{t('treeDone', { n: done.added.length, existing: done.existing })}</p>
          <AddedList added={done.added} />
          <Link className="btn" to="/registry">
            {t('treeToRegistry')}
          </Link>
        </section>
      )}
    </Page>
  );
}

function AddedList({ added }: { added: TreeOutcome['added'] }) {
  const { t } = useTranslation('import');
  if (!added.length) return null;
  return (
    <ul className="list">
      {added.map((a) => (
        <li key={`${a.under}/${a.name}`}>
          {t(`treeCol.${a.kind}`)}：<strong>{a.name}</strong> <span className="muted">（{a.under}）</span>
        </li>
      ))}
    </ul>
  );
}
