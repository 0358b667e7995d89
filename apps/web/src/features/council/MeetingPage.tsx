import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { councilApi, type MeetingDetail } from './api';
import { DecisionCard, fmtDate, StatusBadge, useCategoryName } from './common';
import { ActionForm, DecisionForm } from './DecisionForm';
import { MinutesForm } from './MinutesForm';
import { TextAction } from './TextAction';
import './council.css';

/** One meeting: the agenda builder before, attendance and decisions during, minutes and print after. */
export default function MeetingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('council');
  const catName = useCategoryName();
  const [m, setM] = useState<MeetingDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const d = await councilApi.meeting(id);
      setM(d);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  /** Runs a write and reloads; false when it was refused (a text box then keeps what was typed). */
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };

  if (!m) return <Page title={t('meeting.list')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;
  const editable = m.status !== 'closed';
  const inSession = m.status === 'in_session';
  const present = m.members.filter((x) => x.present).length;
  return (
    <Page title={m.title}>
      <p className="council-meta">
        <span>{m.compoundName}</span>
        <span>{t(`meeting.kind.${m.kind}`)}</span>
        <time dateTime={m.scheduledAt}>{fmtDate(m.scheduledAt)}</time>
        {m.place && <span>{m.place}</span>}
        <strong>{t(`meeting.status.${m.status}`)}</strong>
      </p>
      <ErrorNote error={error} />
      <div className="council-row no-print">
        {m.status === 'planned' && (
          <button type="button" className="btn" onClick={() => act(() => councilApi.openMeeting(m.id))}>
            {t('meeting.open')}
          </button>
        )}
        {inSession && (
          <button type="button" className="btn" onClick={() => act(() => councilApi.closeMeeting(m.id))}>
            {t('meeting.close')}
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
          {t('meeting.print')}
        </button>
        <Link className="btn btn-secondary" to="/council/meetings">
          {t('meeting.list')}
        </Link>
      </div>

      <section className="card" aria-labelledby="attendance">
        <h2 id="attendance">
          {t('meeting.attendance')}（{t('meeting.presentCount', { n: present, total: m.members.length })}）
        </h2>
        <ul className="list">
          {m.members.map((x) => (
            <li key={x.id} className="list-item council-attend">
              <span>
                {x.name}
                {x.title ? `（${x.title}）` : ''}
              </span>
              {editable ? (
                <label>
                  <input
                    name="present"
                    type="checkbox"
                    checked={!!x.present}
                    onChange={(e) => act(() => councilApi.attendance(m.id, x.id, e.target.checked))}
                  />
                  {x.present ? t('meeting.present') : t('meeting.absent')}
                </label>
              ) : (
                <span>{x.present ? t('meeting.present') : t('meeting.absent')}</span>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="agenda">
        <h2 id="agenda">{t('meeting.agenda')}</h2>
        <ol className="list">
          {m.agenda.map((a) => {
            const decision = m.decisions.find((d) => d.issueId && d.issueId === a.issueId);
            return (
              <li key={a.id} className="list-item" data-agenda-item={a.id}>
                <div className="council-action">
                  <span>
                    {a.position}. {a.issueId ? <Link to={`/council/issues/${a.issueId}`}>{a.title}</Link> : a.title}
                  </span>
                  {a.issueStatus && <StatusBadge status={a.issueStatus} />}
                </div>
                {a.issueCategory && (
                  <p className="council-meta">
                    {catName(a.issueCategory)} · {t('supports', { count: a.supportCount ?? 0 })}
                  </p>
                )}
                <div className="no-print">
                  {m.status === 'planned' && (
                    <button type="button" className="btn btn-secondary" onClick={() => act(() => councilApi.removeAgenda(a.id))}>
                      {t('meeting.removeFromAgenda')}
                    </button>
                  )}
                  {inSession && a.issueStatus === 'on_agenda' && (
                    <TextAction
                      name="note"
                      label={t('meeting.discussNote')}
                      button={t('meeting.markDiscussed')}
                      required={false}
                      multiline
                      onSubmit={(n) => act(() => councilApi.discussed(a.id, n || undefined))}
                    />
                  )}
                  {inSession && a.issueStatus === 'discussed' && !decision && (
                    <DecisionForm meeting={m} itemId={a.id} onSave={(body) => act(() => councilApi.decide(m.id, body))} />
                  )}
                </div>
              </li>
            );
          })}
        </ol>
        {m.status === 'planned' && (
          <div className="no-print">
            <h3>{t('meeting.candidates', { count: m.candidates.length })}</h3>
            <ul className="list">
              {m.candidates.map((c) => (
                <li key={c.id} className="list-item council-action">
                  <span>
                    <Link to={`/council/issues/${c.id}`}>{c.title}</Link>
                    <span className="council-meta">
                      {catName(c.category)} · {t('supports', { count: c.supportCount })}
                    </span>
                  </span>
                  <button
                    type="button"
                    className="btn btn-secondary"
                    onClick={() => act(() => councilApi.addAgenda(m.id, { issueId: c.id }))}
                  >
                    {t('meeting.addToAgenda')}
                  </button>
                </li>
              ))}
            </ul>
            <TextAction
              name="title"
              label={t('meeting.freeItem')}
              button={t('meeting.addItem')}
              onSubmit={(title) => act(() => councilApi.addAgenda(m.id, { title }))}
            />
          </div>
        )}
      </section>

      {m.decisions.length > 0 && (
        <section aria-labelledby="decisions">
          <h2 id="decisions">{t('meeting.decisions')}</h2>
          {m.decisions.map((d) => (
            <div key={d.id}>
              <DecisionCard d={d}>
                {(a) =>
                  a.status === 'open' ? (
                    <button
                      type="button"
                      className="btn btn-secondary no-print"
                      onClick={() => act(() => councilApi.actionDone(a.id))}
                    >
                      {t('meeting.done')}
                    </button>
                  ) : null
                }
              </DecisionCard>
              <div className="no-print">
                <ActionForm onSave={(body) => act(() => councilApi.addAction(d.id, body))} />
              </div>
            </div>
          ))}
        </section>
      )}

      <section className="card" aria-labelledby="minutes">
        <h2 id="minutes">{t('meeting.minutes')}</h2>
        {editable ? <MinutesForm meeting={m} onSaved={() => void load()} /> : null}
        <div className={editable ? 'print-only council-minutes' : 'council-minutes'}>{m.minutes}</div>
      </section>
    </Page>
  );
}
