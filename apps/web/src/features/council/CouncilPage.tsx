import { COUNCIL_CATEGORIES } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { councilApi, type IssueSummary } from './api';
import { fmtDate, StatusBadge, useCategoryName, useCompound } from './common';
import './council.css';

const TABS: Array<{ key: string; status: string }> = [
  { key: 'openOnes', status: 'raised,on_agenda,discussed,decided,in_progress' },
  { key: 'status.raised', status: 'raised' },
  { key: 'status.on_agenda', status: 'on_agenda,discussed' },
  { key: 'status.in_progress', status: 'decided,in_progress' },
  { key: 'status.resolved', status: 'resolved,answered' },
  { key: 'all', status: '' },
];

/** The compound's issues by status and category, with the way in to raise one. */
export default function CouncilPage() {
  const { t } = useTranslation('council');
  const catName = useCategoryName();
  const { compounds, compoundId, setCompoundId, staff, loaded } = useCompound();
  const [tab, setTab] = useState(0);
  const [category, setCategory] = useState('');
  const [issues, setIssues] = useState<IssueSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    if (!compoundId) return;
    setError(null);
    try {
      setIssues((await councilApi.issues(compoundId, TABS[tab]?.status ?? '', category)).issues);
    } catch (e) {
      setError(e);
    }
  }, [compoundId, tab, category]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!compoundId) {
    return <Page title={t('title')}>{loaded ? <p>{t('noCompound')}</p> : <Loading />}</Page>;
  }
  return (
    <Page title={t('title')}>
      <Link className="btn btn-block" to="/council/new">
        ＋ {t('raise')}
      </Link>
      <div className="council-row no-print">
        <Link className="btn btn-secondary" to="/discussion">
          {t('tile.discussion')}
        </Link>
        <Link className="btn btn-secondary" to={`/council/notices/${compoundId}`}>
          {t('notice.board')}
        </Link>
        {staff && (
          <>
            <Link className="btn btn-secondary" to="/council/meetings">
              {t('meetings')}
            </Link>
            <Link className="btn btn-secondary" to="/council/open311">
              {t('open311')}
            </Link>
          </>
        )}
      </div>
      <div className="council-filters">
        {compounds.length > 1 && (
          <div className="field">
            <label htmlFor="council-compound">{t('compound')}</label>
            <select data-unsent="" id="council-compound" value={compoundId} onChange={(e) => setCompoundId(e.target.value)}>
              {compounds.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="council-category">{t('filterCategory')}</label>
          <select data-unsent="" id="council-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('all')}</option>
            {COUNCIL_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {catName(c)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ul className="council-tabs" aria-label={t('filterStatus')}>
        {TABS.map((x, i) => (
          <li key={x.key}>
            <button type="button" aria-pressed={i === tab} onClick={() => setTab(i)}>
              {t(x.key)}
            </button>
          </li>
        ))}
      </ul>
      <ErrorNote error={error} onRetry={load} />
      {!issues && !error && <Loading />}
      {issues && issues.length === 0 && <p className="muted">{t('empty')}</p>}
      {issues && issues.length > 0 && (
        <ul className="list">
          {issues.map((i) => (
            <li key={i.id} className="list-item">
              <Link className="council-item" to={`/council/issues/${i.id}`}>
                <span className="council-item-title">{i.title}</span>
                <span className="council-meta">
                  <StatusBadge status={i.status} />
                  <span>{catName(i.category)}</span>
                  <span>{t('supports', { count: i.supportCount })}</span>
                  <time dateTime={i.createdAt}>{fmtDate(i.createdAt, false)}</time>
                  {i.hidden && <strong>{t('hiddenTag')}</strong>}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
