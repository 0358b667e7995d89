import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { searchI18n } from './search.i18n';
import './staff.css';

addStrings('staff', searchI18n);

interface Results {
  kind: 'phone' | 'door' | 'text';
  people: Array<{ id: string; name: string; phone: string | null; address: string | null; place: string }>;
  orders: Array<{ id: string; category: string; status: string; createdAt: string; resident: string; place: string }>;
  issues: Array<{ id: string; title: string; status: string; createdAt: string; place: string }>;
  events: Array<{ id: string; title: string; kind: string; startsAt: string; place: string }>;
  projects: Array<{ id: string; title: string; status: string; progress: number; place: string }>;
}

/** An event's first occurrence key, the form its page's address takes: 20261127T113000Z. */
const occKey = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
const day = (iso: string) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });

/** One search box for staff: people, orders, issues, events and projects of their subtree. */
export default function SearchPage() {
  const { t } = useTranslation('staff');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const [state, setState] = useState<{ q: string; data?: Results; error?: unknown } | null>(null);

  useEffect(() => {
    setDraft(q);
    if (!q.trim()) {
      setState(null);
      return;
    }
    let stop = false;
    setState({ q });
    api<Results>(`/api/v1/search?q=${encodeURIComponent(q)}`)
      .then((data) => !stop && setState({ q, data }))
      .catch((error) => !stop && setState({ q, error }));
    return () => {
      stop = true;
    };
  }, [q]);

  function submit(e: FormEvent) {
    e.preventDefault();
    setParams(draft.trim() ? { q: draft.trim() } : {});
  }

  const d = state?.data;
  const total = d ? d.people.length + d.orders.length + d.issues.length + d.events.length + d.projects.length : 0;
  return (
    <Page
      title={t('search.title')}
      actions={
        <Link to="/help/search" className="btn btn-secondary">
          {t('search.help')}
        </Link>
      }
    >
      <form role="search" className="card search-form" onSubmit={submit}>
        <label htmlFor="staff-search-q">{t('search.label')}</label>
        <div className="search-row">
          <input
            data-unsent=""
            id="staff-search-q"
            type="search"
            maxLength={50}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-describedby="staff-search-hint"
            data-testid="search-q"
          />
          <button type="submit" className="btn">
            {t('search.submit')}
          </button>
        </div>
        <p id="staff-search-hint" className="field-hint">
          {t('search.hint')}
        </p>
      </form>
      {state && !d && !state.error && <Loading />}
      <ErrorNote error={state?.error} />
      {d && (
        <div data-testid="search-results">
          <p role="status">{total ? t('search.count', { count: total }) : t('search.none', { q: state?.q })}</p>
          <Section title={t('search.people')} items={d.people}>
            {(p) => (
              <Link to={`/registry/people/${encodeURIComponent(p.id)}`}>
                <strong>{p.name}</strong> · {p.phone ?? t('search.noPhone')} · {p.address ?? t('search.noAddress')} · {p.place}
              </Link>
            )}
          </Section>
          <Section title={t('search.orders')} items={d.orders}>
            {(o) => (
              <Link to={`/orders/${encodeURIComponent(o.id)}`}>
                {o.resident} · {t(`orders:category.${o.category}`)} · {t(`orders:status.${o.status}`)} · {day(o.createdAt)} ·{' '}
                {o.place}
              </Link>
            )}
          </Section>
          <Section title={t('search.issues')} items={d.issues}>
            {(i) => (
              <Link to={`/council/issues/${encodeURIComponent(i.id)}`}>
                {i.title} · {t(`council:status.${i.status}`)} · {day(i.createdAt)} · {i.place}
              </Link>
            )}
          </Section>
          <Section title={t('search.events')} items={d.events}>
            {(e) => (
              <Link to={`/events/${encodeURIComponent(e.id)}/${occKey(e.startsAt)}`}>
                {e.title} · {day(e.startsAt)} · {e.place}
              </Link>
            )}
          </Section>
          <Section title={t('search.projects')} items={d.projects}>
            {(p) => (
              <Link to={`/projects/${encodeURIComponent(p.id)}`}>
                {p.title} · {t(`projects:statuses.${p.status}`)} · {p.progress}% · {p.place}
              </Link>
            )}
          </Section>
        </div>
      )}
    </Page>
  );
}

function Section<T extends { id: string }>(props: { title: string; items: T[]; children: (item: T) => ReactNode }) {
  if (!props.items.length) return null;
  return (
    <section className="search-section" aria-label={props.title}>
      <h2>
        {props.title}（{props.items.length}）
      </h2>
      <ul className="list">
        {props.items.map((item) => (
          <li key={item.id} className="list-item">
            {props.children(item)}
          </li>
        ))}
      </ul>
    </section>
  );
}
