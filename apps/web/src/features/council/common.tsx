import { COUNCIL_CATEGORY_NAMES, type CouncilCategory } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import type { Decision, TimelineStep } from './api';
import './strings';
import { thresholdI18n } from './threshold.i18n';

addStrings('council', thresholdI18n);

let cached: { key: string; list: Array<{ id: string; name: string; staff: boolean }> } | null = null;

/**
 * The compounds the signed-in person reaches (a community worker or an admin reaches many), and
 * the one chosen (remembered on the device).
 */
export function useCompound() {
  const { me } = useSession();
  const key = me?.accountId ?? '';
  const [compounds, setCompounds] = useState<Array<{ id: string; name: string; staff: boolean }>>(() =>
    cached?.key === key ? cached.list : [],
  );
  const [loaded, setLoaded] = useState(cached?.key === key);
  useEffect(() => {
    if (!key) return;
    let live = true;
    api<{ compounds: Array<{ id: string; name: string; staff: boolean }> }>('/api/v1/council/compounds')
      .then((r) => {
        cached = { key, list: r.compounds };
        if (live) setCompounds(r.compounds);
      })
      .catch(() => undefined)
      .finally(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, [key]);
  const [chosen, setChosen] = useState(() => localStorage.getItem('lx.council.compound') ?? '');
  const compoundId = compounds.some((c) => c.id === chosen) ? chosen : (compounds[0]?.id ?? '');
  useEffect(() => {
    if (compoundId) localStorage.setItem('lx.council.compound', compoundId);
  }, [compoundId]);
  const staff = !!compounds.find((c) => c.id === compoundId)?.staff;
  return { compounds, compoundId, setCompoundId: setChosen, staff, loaded };
}

export function useCategoryName() {
  const { i18n } = useTranslation();
  return (c: string) => {
    const n = COUNCIL_CATEGORY_NAMES[c as CouncilCategory];
    if (!n) return c;
    return i18n.language === 'en' ? n.en : n.zh;
  };
}

export function useRoleName() {
  const { t } = useTranslation('council');
  return (role: string) => {
    const proxy = role.endsWith('_for_resident');
    const base = proxy ? role.slice(0, -'_for_resident'.length) : role;
    const name = t(`roles.${base}`, { defaultValue: base });
    return proxy ? t('roles.forResident', { role: name }) : name;
  };
}

export function fmtDate(iso: string, withTime = true): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return withTime ? `${day} ${p(d.getHours())}:${p(d.getMinutes())}` : day;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('council');
  return <span className={`council-status council-status-${status}`}>{t(`status.${status}`, { defaultValue: status })}</span>;
}

/** The public history of an issue: each step with its date and the role that acted. */
export function Timeline({ steps }: { steps: TimelineStep[] }) {
  const { t } = useTranslation('council');
  const roleName = useRoleName();
  return (
    <ol className="council-timeline" aria-label={t('detail.timeline')}>
      {steps.map((s) => (
        <li key={`${s.at}-${s.kind}-${s.note ?? ''}`} data-kind={s.kind}>
          <div className="council-timeline-head">
            <strong>{t(`kinds.${s.kind}`, { defaultValue: s.kind })}</strong>
            <time dateTime={s.at}>{fmtDate(s.at)}</time>
          </div>
          <div className="muted">{roleName(s.actorRole)}</div>
          {s.note && <p className="council-note">{s.note}</p>}
          {s.decisionId && s.kind === 'decided' && (
            <Link to={`/council/decisions/${s.decisionId}`}>{t('meeting.publicNotice')}</Link>
          )}
        </li>
      ))}
    </ol>
  );
}

/** A decision with its vote count, responsibility, deadline and action items. */
export function DecisionCard({
  d,
  children,
  noticeLink = true,
}: {
  d: Decision;
  children?: (a: Decision['actions'][number]) => React.ReactNode;
  noticeLink?: boolean;
}) {
  const { t } = useTranslation('council');
  return (
    <div className="card council-decision">
      <p className="council-decision-text">{d.text}</p>
      <p>
        <strong>{d.adopted ? t('meeting.adopted') : t('meeting.rejected')}</strong>：
        {t('meeting.votes', { for: d.votesFor, against: d.votesAgainst, abstain: d.votesAbstain })}
      </p>
      {d.quorum && <p>{t('quorum.shown', d.quorum)}</p>}
      <p>
        {t('meeting.responsible')}：{d.responsibleLabel}；{t('meeting.deadline')}：{d.deadline}
      </p>
      {d.actions.length > 0 && (
        <>
          <h4>{t('meeting.actions')}</h4>
          <ul className="list">
            {d.actions.map((a) => (
              <li key={a.id} className="list-item council-action">
                <span>
                  {a.status === 'done' ? '✔ ' : '○ '}
                  {a.title}（{a.ownerLabel}，{a.dueOn}）{a.status === 'done' ? ` — ${t('meeting.isDone')}` : ''}
                </span>
                {children?.(a)}
              </li>
            ))}
          </ul>
        </>
      )}
      {noticeLink && <Link to={`/council/decisions/${d.id}`}>{t('meeting.publicNotice')}</Link>}
    </div>
  );
}
