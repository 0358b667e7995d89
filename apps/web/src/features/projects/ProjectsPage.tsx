import { fenToYuan, type ProjectDetail, type ProjectSummary, yuanToFen } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { useApi } from '../dashboard/useApi';
import { Bar } from './ProjectView';
import './projects.css';

const STAFF = [
  'branch_secretary',
  'committee_member',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

/** Staff list of projects in their subtree, and a short form to start one (items added after). */
export default function ProjectsPage() {
  const { t } = useTranslation('projects');
  const { me } = useSession();
  const navigate = useNavigate();
  const { data, error } = useApi<ProjectSummary[]>('/api/v1/projects');
  const nodes = (me?.roles ?? []).filter((r) => STAFF.includes(r.role));
  const [nodeId, setNodeId] = useState('');
  const [title, setTitle] = useState('');
  const [budget, setBudget] = useState('');
  const [item, setItem] = useState('');
  const [saveError, setSaveError] = useState<unknown>();
  const [fields, setFields] = useState<Record<string, string>>({});

  async function create(e: FormEvent) {
    e.preventDefault();
    setSaveError(undefined);
    const fen = budget ? yuanToFen(budget) : 0;
    if (fen === null) return setFields({ budget: t('amountInvalid') });
    try {
      const p = await api<ProjectDetail>('/api/v1/projects', {
        method: 'POST',
        body: { nodeId: nodeId || nodes[0]?.nodeId, title, items: item ? [{ name: item, budgetFen: fen }] : [] },
      });
      navigate(`/projects/${p.id}`);
    } catch (err) {
      setSaveError(err);
      if (err instanceof ApiError) setFields(err.fieldErrors());
    }
  }

  return (
    <Page title={t('title')}>
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && data.length === 0 && <p>{t('none')}</p>}
      <ul className="list">
        {data?.map((p) => (
          <li key={p.id}>
            <Link className="list-button pj-list-item" to={`/projects/${p.id}`}>
              <strong>{p.title}</strong>
              <span className="muted">
                {p.nodeName} · {t(`statuses.${p.status}`)} · {t('progressPct', { n: p.progress })}{' '}
                {p.published ? `· ${t('published')}` : ''}
              </span>
              <span>
                {t('spent')} {fenToYuan(p.spentFen)} / {t('budget')} {fenToYuan(p.budgetFen)}
              </span>
              <Bar value={p.progress} max={100} label={t('progress')} />
            </Link>
          </li>
        ))}
      </ul>
      {nodes.length > 0 && (
        <form className="form card pj-form" onSubmit={create}>
          <h2>{t('create')}</h2>
          <SelectField
            id="pj-node"
            label={t('node')}
            value={nodeId}
            onChange={setNodeId}
            options={nodes.map((n) => ({ key: `${n.role}-${n.nodeId}`, value: n.nodeId, label: n.nodeName }))}
          />
          <Field label={t('nodeId')} value={nodeId} onChange={(e) => setNodeId(e.target.value)} error={fields.nodeId} />
          <Field
            label={t('projectTitle')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={120}
            error={fields.title}
          />
          <Field
            label={`${t('item')} · ${t('itemName')}`}
            value={item}
            onChange={(e) => setItem(e.target.value)}
            maxLength={60}
          />
          <Field
            label={`${t('budget')} · ${t('amountYuan')}`}
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            inputMode="decimal"
            error={fields.budget}
          />
          <ErrorNote error={saveError} />
          <button className="btn" type="submit">
            {t('create')}
          </button>
        </form>
      )}
    </Page>
  );
}
