import type { PollDetail } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';

type Count = NonNullable<PollDetail['count']>;

/** The count in words and bars (never colour alone); for a named poll, staff also see who answered what. */
export function PollResult({ poll, count }: { poll: PollDetail; count: Count }) {
  const { t } = useTranslation('polls');
  const labels = new Map(
    (poll.kind === 'yes_no'
      ? [
          { key: 'yes', label: t('yes') },
          { key: 'no', label: t('no') },
        ]
      : poll.options
    ).map((o) => [o.key, o.label]),
  );
  const byKey = new Map(count.options.map((o) => [o.key, o]));
  const ranked = poll.kind === 'ranked';
  const max = Math.max(1, ...count.options.map((o) => (ranked ? (o.points ?? 0) : o.votes)));
  return (
    <section className="card" aria-labelledby="pl-count">
      <h2 id="pl-count">{t('count', { n: count.answers })}</h2>
      {ranked && <p>{t('bordaRule')}</p>}
      {count.order.map((key) => {
        const o = byKey.get(key);
        const value = ranked ? (o?.points ?? 0) : (o?.votes ?? 0);
        return (
          <div key={key} className="pl-bar" data-testid="poll-row">
            <span>{labels.get(key) ?? key}</span>
            <meter min={0} max={max} value={value} aria-label={labels.get(key) ?? key} />
            <span>
              {ranked ? `${t('points', { n: value })} · ` : ''}
              {t('votes', { n: o?.votes ?? 0 })}
            </span>
          </div>
        );
      })}
      {poll.named && poll.named.length > 0 && (
        <>
          <h3>{t('who')}</h3>
          <table className="pl-named">
            <tbody>
              {poll.named.map((n) => (
                <tr key={`${n.name}-${n.channel}-${n.choices.join(',')}`} data-testid="poll-named">
                  <td>{n.name}</td>
                  <td>{n.choices.map((c) => labels.get(c) ?? c).join(' → ')}</td>
                  <td>{t(`channels.${n.channel}`, { defaultValue: n.channel })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
