import type { PollDetail } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { beijing } from '../budgets/beijing';
import { useApi } from '../dashboard/useApi';
import { pollsI18n } from './i18n';
import { PollResult } from './PollResult';
import './polls.css';

addStrings('polls', pollsI18n);

/** One poll: answer it (or, acting for an elder, answer for her), then the count when it may be seen. */
export default function PollPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('polls');
  const { data: p, error, reload } = useApi<PollDetail>(`/api/v1/polls/${encodeURIComponent(id)}`);
  const [sent, setSent] = useState(false);
  if (!p) return <Page title={t('title')}>{error ? <ErrorNote error={error} /> : <Loading />}</Page>;
  return (
    <Page title={p.title}>
      <p>
        {t(`kinds.${p.kind}`)} · {t(`audiences.${p.audience}`)} · {p.anonymous ? t('anonymous') : t('named')} ·{' '}
        <strong>{p.closed ? t('closed') : t('open')}</strong>
      </p>
      <p>{t('closesAt', { at: beijing(p.closesAt) })}</p>
      {sent && (
        <p className="card" role="status">
          {t('thanks')}
        </p>
      )}
      {!sent && !p.closed && p.me.eligible && !p.me.answered && (
        <AnswerForm
          poll={p}
          onSent={() => {
            setSent(true);
            reload();
          }}
        />
      )}
      {!sent && p.me.answered && <p className="card">{t('answered')}</p>}
      {!p.closed && !p.me.eligible && !p.me.staff && <p className="card">{t('notForYou')}</p>}
      {p.count ? <PollResult poll={p} count={p.count} /> : <p>{t('hidden')}</p>}
    </Page>
  );
}

function AnswerForm({ poll, onSent }: { poll: PollDetail; onSent: () => void }) {
  const { t } = useTranslation('polls');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const options =
    poll.kind === 'yes_no'
      ? [
          { key: 'yes', label: t('yes') },
          { key: 'no', label: t('no') },
        ]
      : poll.options;
  const single = poll.kind === 'yes_no' || poll.kind === 'single';
  const label = (k: string) => options.find((o) => o.key === k)?.label ?? k;

  async function send(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await api(`/api/v1/polls/${poll.id}/answers`, { method: 'POST', body: { choices: chosen } });
      onSent();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form className="form card" onSubmit={send}>
      <fieldset>
        <legend>{poll.kind === 'ranked' ? t('rankHint') : single ? t('pickOne') : t('pickMany')}</legend>
        {poll.kind === 'ranked' ? (
          <div className="pl-rank">
            {options.map((o) => (
              <button
                key={o.key}
                type="button"
                className="btn btn-secondary"
                disabled={chosen.includes(o.key)}
                onClick={() => setChosen((c) => [...c, o.key])}
              >
                {chosen.includes(o.key) ? `${chosen.indexOf(o.key) + 1}. ` : ''}
                {o.label}
              </button>
            ))}
          </div>
        ) : (
          options.map((o) => (
            <label key={o.key} className="pl-choice">
              <input
                type={single ? 'radio' : 'checkbox'}
                name="choices"
                checked={chosen.includes(o.key)}
                onChange={(e) =>
                  setChosen((c) => (single ? [o.key] : e.target.checked ? [...c, o.key] : c.filter((x) => x !== o.key)))
                }
              />
              <span>{o.label}</span>
            </label>
          ))
        )}
      </fieldset>
      {poll.kind === 'ranked' && chosen.length > 0 && (
        <p role="status">
          {t('ranked', { list: chosen.map(label).join(' → ') })}{' '}
          <button type="button" className="btn btn-secondary" onClick={() => setChosen([])}>
            {t('clearRank')}
          </button>
        </p>
      )}
      <ErrorNote error={error} />
      <button className="btn" type="submit" disabled={chosen.length === 0}>
        {t('send')}
      </button>
    </form>
  );
}
