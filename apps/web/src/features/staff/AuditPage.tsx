import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { auditI18n } from './audit.i18n';
import './staff.css';

addStrings('staff', auditI18n);

interface Entry {
  seq: number;
  at: string;
  action: string;
  actor: { personId: string; name: string } | null;
  onBehalfOf: string | null;
  channel: string | null;
  targetType: string | null;
  targetId: string | null;
  place: string;
  details: Record<string, unknown> | null;
  inLog: boolean;
}
interface AuditPageData {
  entries: Entry[];
  total: number;
  page: number;
  pageSize: number;
  person: { id: string; name: string } | null;
}

const FILTERS = ['personId', 'targetType', 'targetId', 'action', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const TYPES = ['person', 'account', 'order', 'council_issue', 'event', 'project', 'vote', 'unit', 'zone', 'pairing', 'node'];
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function fromParams(p: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((k) => [k, p.get(k) ?? ''])) as Filters;
}
function toQuery(f: Partial<Filters> & { page?: string }): string {
  return new URLSearchParams(Object.entries(f).filter(([, v]) => v) as Array<[string, string]>).toString();
}

/** The audit viewer: the log of the staff member's subtree, filtered in the address (shareable). */
export default function AuditPage() {
  const { t } = useTranslation('staff');
  const [params, setParams] = useSearchParams();
  const applied = fromParams(params);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState<Filters>(applied);
  const [data, setData] = useState<AuditPageData>();
  // Plain ErrorNote: a refused filter marks the field it names through the page's field-error scope.
  const load = useAction();
  const query = toQuery({ ...applied, page: page > 1 ? String(page) : '' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: the address is the one source of the filters
  useEffect(() => {
    setDraft(fromParams(params));
    setData(undefined);
    void load.run(async () => setData(await api<AuditPageData>(`/api/v1/audit?${query}`)));
  }, [query]);

  function submit(e: FormEvent) {
    e.preventDefault();
    setParams(toQuery(draft));
  }
  const set = (k: keyof Filters) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const go = (p: number) => setParams(toQuery({ ...applied, page: p > 1 ? String(p) : '' }));

  return (
    <Page
      title={t('audit.title')}
      actions={
        <Link to="/help/audit" className="btn btn-secondary">
          {t('audit.help')}
        </Link>
      }
    >
      <form className="card audit-filters" onSubmit={submit} aria-label={t('audit.filters')} noValidate>
        {data?.person ? (
          <p>
            {t('audit.personIs', { name: data.person.name })}{' '}
            <button type="button" className="btn btn-secondary" onClick={() => setParams(toQuery({ ...applied, personId: '' }))}>
              {t('audit.clearPerson')}
            </button>
          </p>
        ) : (
          <Field
            label={t('audit.person')}
            value={draft.personId}
            onChange={(e) => set('personId')(e.target.value)}
            name="personId"
          />
        )}
        <div className="audit-grid">
          <SelectField
            label={t('audit.targetType')}
            value={draft.targetType}
            onChange={set('targetType')}
            blank={t('audit.types.any')}
            options={TYPES.map((v) => ({ value: v, label: t(`audit.types.${v}`) }))}
            name="targetType"
          />
          <Field
            label={t('audit.targetId')}
            value={draft.targetId}
            onChange={(e) => set('targetId')(e.target.value)}
            name="targetId"
          />
          <Field
            label={t('audit.action')}
            value={draft.action}
            onChange={(e) => set('action')(e.target.value)}
            hint={t('audit.actionHint')}
            name="action"
          />
          <Field
            label={t('audit.from')}
            type="date"
            value={draft.from}
            onChange={(e) => set('from')(e.target.value)}
            name="from"
          />
          <Field label={t('audit.to')} type="date" value={draft.to} onChange={(e) => set('to')(e.target.value)} name="to" />
        </div>
        <p className="audit-buttons">
          <button type="submit" className="btn">
            {t('audit.apply')}
          </button>{' '}
          <button type="button" className="btn btn-secondary" onClick={() => setParams({})}>
            {t('audit.reset')}
          </button>{' '}
          <a
            className="btn btn-secondary"
            href={`/api/v1/audit/export.csv?${toQuery(applied)}`}
            download
            data-testid="audit-export"
          >
            {t('audit.export')}
          </a>
        </p>
      </form>
      <ErrorNote error={load.error} />
      {!data && !load.error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid="audit-total">
            {data.total ? t('audit.total', { total: data.total, page: data.page, pages }) : t('audit.none')}
          </p>
          <ol className="list" data-testid="audit-entries">
            {data.entries.map((e) => (
              <li key={e.seq} className="list-item audit-entry">
                <p>
                  <time dateTime={e.at}>{beijing(e.at)}</time> · <code>{e.action}</code>
                </p>
                <p>
                  {t('audit.by')}：{e.actor?.name ?? t('audit.system')}
                  {e.onBehalfOf && `，${t('audit.onBehalf', { name: e.onBehalfOf, channel: e.channel ?? '' })}`}
                </p>
                <p>
                  {t('audit.record')}：{e.targetType ? t(`audit.types.${e.targetType}`, { defaultValue: e.targetType }) : '—'}{' '}
                  {e.targetType === 'person' && e.targetId ? (
                    <Link to={`/registry/people/${encodeURIComponent(e.targetId)}`}>{e.targetId}</Link>
                  ) : (
                    e.targetId
                  )}{' '}
                  · {t('audit.place')}：{e.place}
                </p>
                {e.details && (
                  <p className="audit-details">
                    {t('audit.details')}：<code>{JSON.stringify(e.details)}</code>
                  </p>
                )}
                <p className="muted">{e.inLog ? t('audit.inLog') : t('audit.pending')}</p>
              </li>
            ))}
          </ol>
          {pages > 1 && (
            <nav className="audit-pager" aria-label={t('audit.title')}>
              <button type="button" className="btn btn-secondary" disabled={page <= 1} onClick={() => go(page - 1)}>
                {t('audit.prev')}
              </button>{' '}
              <button type="button" className="btn btn-secondary" disabled={page >= pages} onClick={() => go(page + 1)}>
                {t('audit.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </Page>
  );
}
