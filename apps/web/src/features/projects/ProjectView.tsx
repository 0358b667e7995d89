import { fenToYuan, type ProjectDetail } from '@lianxin/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './strings';

/** Money in yuan, exact. */
export function Yuan({ fen }: { fen: number }) {
  const { t } = useTranslation('projects');
  return <span className="num">{t('yuan', { v: fenToYuan(fen) })}</span>;
}

/** A progress bar that also says its number (never colour alone). */
export function Bar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="pj-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <div className={`pj-bar-fill${value > max ? ' over' : ''}`} style={{ width: `${pct}%` }} />
    </div>
  );
}

type T = (key: string, opts?: Record<string, unknown>) => string;

/** A change as words: field names translated, fen shown in yuan, before → after. */
function describe(details: Record<string, unknown> | null, t: T): string {
  if (!details) return '';
  const fmt = (v: unknown, key: string): string => {
    if (typeof v === 'number' && /Fen$/.test(key)) return t('yuan', { v: fenToYuan(v) });
    if (typeof v === 'boolean') return v ? '✓' : '✗';
    if (v === null || v === undefined) return '—';
    if (Array.isArray(v))
      return v
        .map((x) =>
          typeof x === 'object' && x
            ? Object.entries(x)
                .map(([k, y]) => fmt(y, k))
                .join(' ')
            : String(x),
        )
        .join('；');
    if (key === 'status' && typeof v === 'string') return t(`statuses.${v}`, { defaultValue: v });
    return String(v);
  };
  return Object.entries(details)
    .filter(([k]) => k !== 'items' && k !== 'corrects')
    .map(([k, v]) => {
      const name = t(`field.${k}`, { defaultValue: k });
      if (v && typeof v === 'object' && 'from' in v && 'to' in v) {
        const c = v as { from: unknown; to: unknown };
        return `${name}：${fmt(c.from, k)} → ${fmt(c.to, k)}`;
      }
      return `${name}：${fmt(v, k)}`;
    })
    .join('，');
}

/** The read-only body of a project: the public disclosure page and the staff page share it. */
export function ProjectView({
  p,
  extra,
}: {
  p: ProjectDetail;
  extra?: { items?: ReactNode; spending?: ReactNode; milestones?: ReactNode; photos?: ReactNode };
}) {
  const { t } = useTranslation('projects');
  return (
    <>
      <div className="card">
        <p className="pj-status">
          <strong>{t(`statuses.${p.status}`)}</strong> · {t('progressPct', { n: p.progress })}
        </p>
        <Bar value={p.progress} max={100} label={t('progress')} />
        {p.summary && <p className="pj-summary">{p.summary}</p>}
        <dl className="pj-facts">
          <dt>{t('contractor')}</dt>
          <dd>{p.contractor || '—'}</dd>
          <dt>{t('started')}</dt>
          <dd>{p.startedOn ?? '—'}</dd>
          <dt>{t('finished')}</dt>
          <dd>{p.finishedOn ?? '—'}</dd>
          <dt>{t('budget')}</dt>
          <dd>
            <Yuan fen={p.budgetFen} />
          </dd>
          <dt>{t('spent')}</dt>
          <dd>
            <Yuan fen={p.spentFen} />
          </dd>
          <dt>{t('fundingTotal')}</dt>
          <dd>
            <Yuan fen={p.fundingFen} />
          </dd>
        </dl>
        {p.funding.length > 0 && (
          <ul className="pj-funding">
            {p.funding.map((f) => (
              <li key={f.source}>
                {f.source}：<Yuan fen={f.amountFen} />
              </li>
            ))}
          </ul>
        )}
      </div>

      <h2>{t('budgetVsSpent')}</h2>
      <ul className="list">
        {p.items.map((i) => (
          <li className="list-item" key={i.id}>
            <div className="pj-item-head">
              <strong>{i.name}</strong>
              <span>
                <Yuan fen={i.spentFen} /> / <Yuan fen={i.budgetFen} />
                {i.spentFen > i.budgetFen && <strong className="pj-over"> ⚠ {t('overBudget')}</strong>}
              </span>
            </div>
            <Bar value={i.spentFen} max={i.budgetFen} label={`${i.name} ${t('spent')}`} />
          </li>
        ))}
      </ul>
      {extra?.items}

      <h2>{t('milestones')}</h2>
      <ol className="pj-milestones">
        {p.milestones.map((m) => (
          <li key={m.id} className={m.doneOn ? 'done' : ''}>
            <span aria-hidden="true">{m.doneOn ? '✓' : '○'}</span> <strong>{m.title}</strong> — {t('due')} {m.dueOn}
            {m.doneOn && (
              <span>
                ，{t('done')} {m.doneOn}
              </span>
            )}
          </li>
        ))}
      </ol>
      {extra?.milestones}

      <h2>{t('spending')}</h2>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable table must be reachable by keyboard */}
      <div className="dash-scroll" role="region" aria-label={t('spending')} tabIndex={0}>
        <table className="pj-table">
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('item')}</th>
              <th scope="col">{t('amountYuan')}</th>
              <th scope="col">{t('note')}</th>
              <th scope="col">{t('voucher')}</th>
            </tr>
          </thead>
          <tbody>
            {p.spending.map((s) => (
              <tr key={s.id} className={s.correctsId ? 'pj-correction' : undefined}>
                <td>{s.spentOn}</td>
                <td>{s.itemName}</td>
                <td className="num">{fenToYuan(s.amountFen)}</td>
                <td>
                  {s.correctsId ? (
                    <>
                      <strong>{t('correctionOf', { on: p.spending.find((o) => o.id === s.correctsId)?.spentOn ?? '' })}</strong>
                      {t('correctionReason', { reason: s.reason })}
                    </>
                  ) : (
                    <>
                      {s.note}
                      {s.correctedFen > 0 && <span className="muted"> {t('correctedBy', { v: fenToYuan(s.correctedFen) })}</span>}
                    </>
                  )}
                </td>
                <td>{s.voucherUploadId ? <a href={`/api/v1/uploads/${s.voucherUploadId}`}>{t('viewVoucher')}</a> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {extra?.spending}

      {(p.photos.length > 0 || extra?.photos) && (
        <>
          <h2>{t('photos')}</h2>
          <div className="pj-photos">
            {p.photos.map((ph) => (
              <figure key={ph.id} data-file={ph.file}>
                {ph.file === 'pdf' ? (
                  <a
                    className="pj-pdf"
                    href={`/api/v1/uploads/${ph.uploadId}`}
                    download={`${ph.kind}-${ph.id}.pdf`}
                    type="application/pdf"
                  >
                    <span aria-hidden="true">PDF</span> {t('pdfLink', { kind: t(ph.kind) })}
                    <small>{t('pdfNote')}</small>
                  </a>
                ) : (
                  <img src={`/api/v1/uploads/${ph.uploadId}`} alt={ph.caption || t(ph.kind)} width={320} height={200} />
                )}
                <figcaption>
                  <strong>{t(ph.kind)}</strong> {ph.caption}
                </figcaption>
              </figure>
            ))}
          </div>
          {extra?.photos}
        </>
      )}

      <h2>{t('history')}</h2>
      <ol className="pj-history">
        {p.history.map((h) => (
          <li key={`${h.at}-${h.action}`}>
            <time dateTime={h.at}>{new Date(h.at).toLocaleString()}</time> ·{' '}
            <strong>{t(`action.${h.action}`, { defaultValue: h.action })}</strong>
            {h.details && <span className="muted"> {describe(h.details, t)}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}
