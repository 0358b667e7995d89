import { type BudgetSummary, fenToYuan, yuanToFen } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { addStrings } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { useApi } from '../dashboard/useApi';
import { budgetsI18n } from './i18n';
import './budgets.css';

addStrings('budgets', budgetsI18n);

/** The pots of my compound (and community), and for staff a form to set up a new one. */
export default function BudgetsPage() {
  const { t } = useTranslation('budgets');
  const { data, error } = useApi<BudgetSummary[]>('/api/v1/budgets');
  return (
    <Page title={t('title')}>
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data?.length === 0 && <p>{t('none')}</p>}
      <ul className="list">
        {data?.map((b) => (
          <li key={b.id}>
            <Link className="list-button bg-item" to={`/budgets/${b.id}`}>
              <strong>{b.title}</strong>
              <span>
                {b.nodeName} · {t(`statuses.${b.status}`)}
              </span>
              <span>{t('pot', { amount: fenToYuan(b.potFen) })}</span>
            </Link>
          </li>
        ))}
      </ul>
      <CreateForm />
    </Page>
  );
}

function CreateForm() {
  const { t } = useTranslation('budgets');
  const navigate = useNavigate();
  const { data: nodes } = useApi<Array<{ id: string; name: string }>>('/api/v1/budgets/nodes');
  const [nodeId, setNodeId] = useState('');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [title, setTitle] = useState('');
  const [pot, setPot] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<unknown>();
  if (!nodes?.length) return null;

  async function create(e: FormEvent) {
    e.preventDefault();
    setSaveError(undefined);
    const potFen = yuanToFen(pot);
    if (potFen === null) return setFields({ potFen: t('amountInvalid') });
    try {
      const r = await api<{ id: string }>('/api/v1/budgets', {
        method: 'POST',
        body: { nodeId: nodeId || nodes?.[0]?.id, year: Number(year), title, potFen },
      });
      navigate(`/budgets/${r.id}`);
    } catch (err) {
      setSaveError(err);
      if (err instanceof ApiError) setFields(err.fieldErrors());
    }
  }

  return (
    <form className="form card" onSubmit={create}>
      <h2>{t('create')}</h2>
      <SelectField
        name="nodeId"
        id="bg-node"
        label={t('node')}
        value={nodeId}
        onChange={setNodeId}
        options={nodes.map((n) => ({ value: n.id, label: n.name }))}
      />
      <Field
        name="year"
        label={t('year')}
        value={year}
        onChange={(e) => setYear(e.target.value)}
        inputMode="numeric"
        required
        error={fields.year}
      />
      <Field
        name="title"
        label={t('potTitle')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={80}
        required
        error={fields.title}
      />
      <Field
        name="potFen"
        label={t('potYuan')}
        value={pot}
        onChange={(e) => setPot(e.target.value)}
        inputMode="decimal"
        required
        error={fields.potFen}
      />
      <ErrorNote error={saveError} />
      <button className="btn" type="submit">
        {t('create')}
      </button>
    </form>
  );
}
