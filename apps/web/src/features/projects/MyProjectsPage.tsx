import { fenToYuan, type ProjectSummary } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useApi } from '../dashboard/useApi';
import { Bar } from './ProjectView';
import './projects.css';

/** A resident's list of their compound's published projects, each with a follow button. */
export default function MyProjectsPage() {
  const { t } = useTranslation('projects');
  const { data, error } = useApi<ProjectSummary[]>('/api/v1/me/projects');
  const [list, setList] = useState<ProjectSummary[]>();
  const [saveError, setSaveError] = useState<unknown>();
  useEffect(() => setList(data), [data]);

  async function toggle(p: ProjectSummary) {
    setSaveError(undefined);
    try {
      const r = await api<{ following: boolean }>(`/api/v1/projects/${encodeURIComponent(p.id)}/follow`, {
        method: 'PUT',
        body: { following: !p.following },
      });
      setList((l) => l?.map((x) => (x.id === p.id ? { ...x, following: r.following } : x)));
    } catch (err) {
      setSaveError(err);
    }
  }

  return (
    <Page title={t('mineTitle')}>
      <ErrorNote error={error ?? saveError} />
      {!list && !error && <Loading />}
      {list && list.length === 0 && <p>{t('mineNone')}</p>}
      {list && list.length > 0 && <p className="muted">{t('followHint')}</p>}
      <ul className="list">
        {list?.map((p) => (
          <li key={p.id} className="card">
            <h2>{p.title}</h2>
            <p className="muted">
              {p.nodeName} · {t(`statuses.${p.status}`)} · {t('progressPct', { n: p.progress })}
            </p>
            <Bar value={p.progress} max={100} label={`${p.title} ${t('progress')}`} />
            <p>
              {t('spent')} {t('yuan', { v: fenToYuan(p.spentFen) })} / {t('budget')} {t('yuan', { v: fenToYuan(p.budgetFen) })}
            </p>
            <div className="pj-follow">
              <Link className="btn btn-secondary" to={`/public/projects/${p.id}`}>
                {t('openProject')}
              </Link>
              <button type="button" className="btn" aria-pressed={!!p.following} onClick={() => void toggle(p)}>
                {p.following ? `✓ ${t('following')}` : t('follow')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}
