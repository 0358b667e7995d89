import { DASHBOARD_LABELS } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { addStrings } from '../../i18n';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useApi } from './useApi';
import './dashboard.css';

addStrings('dashboard', {
  'zh-CN': {
    list: {
      total: '共 {{total}} 条，第 {{page}} / {{pages}} 页',
      back: '返回数据看板',
      prev: '上一页',
      next: '下一页',
      none: '没有记录。',
    },
  },
  en: {
    list: {
      total: '{{total}} rows, page {{page}} of {{pages}}',
      back: 'Back to the dashboard',
      prev: 'Previous',
      next: 'Next',
      none: 'Nothing here.',
    },
  },
});

interface FigureList {
  node: { id: string; name: string };
  figure: keyof typeof DASHBOARD_LABELS;
  total: number;
  page: number;
  pageSize: number;
  rows: Array<{ id: string; title: string; detail: string; place: string; link: string | null }>;
}

/** The rows behind one figure of the dashboard ("9 open issues" opens these 9), 50 a page. */
export default function FigureListPage() {
  const { nodeId = '', figure = '' } = useParams();
  const { t, i18n } = useTranslation('dashboard');
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const { data, error } = useApi<FigureList>(
    `/api/v1/dashboard/${encodeURIComponent(nodeId)}/lists/${encodeURIComponent(figure)}${page > 1 ? `?page=${page}` : ''}`,
  );
  const en = i18n.language === 'en';
  const label = data ? (en ? DASHBOARD_LABELS[data.figure].en : DASHBOARD_LABELS[data.figure].zh) : '';
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const detail = (d: string) => (data?.figure === 'issuesOpen' ? t(`council:status.${d}`, { defaultValue: d }) : d);
  return (
    <Page
      title={data ? `${data.node.name} · ${label}` : t('title')}
      actions={
        <Link className="btn btn-secondary" to={`/dashboard/${encodeURIComponent(nodeId)}`}>
          {t('list.back')}
        </Link>
      }
    >
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid="figure-total">
            {data.total ? t('list.total', { total: data.total, page: data.page, pages }) : t('list.none')}
          </p>
          <ol className="list" data-testid="figure-rows" start={(data.page - 1) * data.pageSize + 1}>
            {data.rows.map((r) => (
              <li key={r.id} className="list-item">
                {r.link ? <Link to={r.link}>{r.title}</Link> : r.title}
                {r.detail && ` · ${detail(r.detail)}`} · {r.place}
              </li>
            ))}
          </ol>
          {pages > 1 && (
            <nav className="dash-actions" aria-label={label}>
              <button
                type="button"
                className="btn btn-secondary"
                disabled={page <= 1}
                onClick={() => setParams({ page: String(page - 1) })}
              >
                {t('list.prev')}
              </button>
              <button
                type="button"
                className="btn btn-secondary"
                disabled={page >= pages}
                onClick={() => setParams({ page: String(page + 1) })}
              >
                {t('list.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </Page>
  );
}
