import { fenToYuan, type ProjectDetail, type ProjectSummary, yuanToFen } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { useApi } from '../dashboard/useApi';
import { EMPTY_PROJECT, ProjectFields, projectBody } from './ProjectFields';
import { Bar } from './ProjectView';
import './projects.css';

interface ProjectNode {
  id: string;
  name: string;
  kind: string;
  label: string;
}

/** Staff list of projects in their subtree, and the form that starts one (every field; items added after too). */
export default function ProjectsPage() {
  const { t } = useTranslation('projects');
  const navigate = useNavigate();
  const { data, error } = useApi<ProjectSummary[]>('/api/v1/projects');
  const nodes = useApi<ProjectNode[]>('/api/v1/projects/nodes');
  const [nodeId, setNodeId] = useState('');
  const [form, setForm] = useState(EMPTY_PROJECT);
  const [budget, setBudget] = useState('');
  const [item, setItem] = useState('');
  const [saveError, setSaveError] = useState<unknown>();
  const [fields, setFields] = useState<Record<string, string>>({});

  async function create(e: FormEvent) {
    e.preventDefault();
    setSaveError(undefined);
    const { body, errors } = projectBody(form, t('amountInvalid'));
    const fen = budget ? yuanToFen(budget) : 0;
    if (fen === null) errors['items.0.budgetFen'] = t('amountInvalid');
    if (!nodeId) errors.nodeId = t('nodeRequired');
    setFields(errors);
    if (Object.keys(errors).length) return;
    try {
      const p = await api<ProjectDetail>('/api/v1/projects', {
        method: 'POST',
        body: { ...body, nodeId, items: item ? [{ name: item, budgetFen: fen }] : [] },
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
      {nodes.data && nodes.data.length > 0 && (
        <form className="form card pj-form" onSubmit={create} noValidate>
          <h2>{t('create')}</h2>
          <SelectField
            name="nodeId"
            id="pj-node"
            label={t('node')}
            value={nodeId}
            onChange={setNodeId}
            blank={t('nodePick')}
            error={fields.nodeId}
            options={nodes.data.map((n) => ({ value: n.id, label: n.label }))}
          />
          <ProjectFields value={form} onChange={setForm} errors={fields} />
          <Field
            name="items.0.name"
            label={`${t('item')} · ${t('itemName')}`}
            value={item}
            onChange={(e) => setItem(e.target.value)}
            maxLength={60}
            error={fields['items.0.name']}
          />
          <Field
            name="items.0.budgetFen"
            label={`${t('budget')} · ${t('amountYuan')}`}
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            inputMode="decimal"
            error={fields['items.0.budgetFen']}
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
