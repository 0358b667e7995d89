import type { PollSummary } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addStrings } from '../../i18n';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { beijing } from '../budgets/beijing';
import { useApi } from '../dashboard/useApi';
import { CreatePollForm } from './CreatePollForm';
import { pollsI18n } from './i18n';
import './polls.css';

addStrings('polls', pollsI18n);

/** Polls addressed to me; staff also ask new ones here. */
export default function PollsPage() {
  const { t } = useTranslation('polls');
  const { data, error } = useApi<PollSummary[]>('/api/v1/polls');
  return (
    <Page title={t('title')}>
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data?.length === 0 && <p>{t('none')}</p>}
      <ul className="list">
        {data?.map((p) => (
          <li key={p.id}>
            <Link className="list-button pl-item" to={`/polls/${p.id}`}>
              <strong>{p.title}</strong>
              <span>
                {t(`kinds.${p.kind}`)} · {t(`audiences.${p.audience}`)} · {p.anonymous ? t('anonymous') : t('named')} ·{' '}
                {p.closed ? t('closed') : t('open')}
              </span>
              <span>{t('closesAt', { at: beijing(p.closesAt) })}</span>
            </Link>
          </li>
        ))}
      </ul>
      <CreatePollForm />
    </Page>
  );
}
