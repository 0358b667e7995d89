import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import type { MeetingDetail } from './api';

/** The decision on one agenda item: text, the members' count, who answers for it, by when. */
export function DecisionForm({
  meeting,
  itemId,
  onSave,
}: {
  meeting: MeetingDetail;
  itemId: string;
  onSave: (body: object) => Promise<unknown>;
}) {
  const { t } = useTranslation('council');
  const present = meeting.members.filter((m) => m.present).length;
  const [text, setText] = useState('');
  const [votesFor, setFor] = useState(present);
  const [votesAgainst, setAgainst] = useState(0);
  const [votesAbstain, setAbstain] = useState(0);
  const [responsible, setResponsible] = useState(meeting.members[0]?.id ?? '');
  const [deadline, setDeadline] = useState('');
  const [noticeDays, setNoticeDays] = useState(7);
  const num = (v: string) => Math.max(0, Number.parseInt(v || '0', 10) || 0);
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        await onSave({
          agendaItemId: itemId,
          text,
          votesFor,
          votesAgainst,
          votesAbstain,
          responsibleMemberId: responsible,
          deadline,
          noticeDays,
        });
      }}
    >
      <div className="field">
        <label htmlFor={`dec-text-${itemId}`}>{t('meeting.decisionText')}</label>
        <textarea
          id={`dec-text-${itemId}`}
          name="text"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
        />
      </div>
      <div className="council-votes">
        <Field
          label={t('meeting.for')}
          name="votesFor"
          type="number"
          min={0}
          inputMode="numeric"
          value={votesFor}
          onChange={(e) => setFor(num(e.target.value))}
        />
        <Field
          label={t('meeting.against')}
          name="votesAgainst"
          type="number"
          min={0}
          inputMode="numeric"
          value={votesAgainst}
          onChange={(e) => setAgainst(num(e.target.value))}
        />
        <Field
          label={t('meeting.abstain')}
          name="votesAbstain"
          type="number"
          min={0}
          inputMode="numeric"
          value={votesAbstain}
          onChange={(e) => setAbstain(num(e.target.value))}
        />
      </div>
      <p className="muted">{t('meeting.presentCount', { n: present, total: meeting.members.length })}</p>
      <div className="field">
        <label htmlFor={`dec-resp-${itemId}`}>{t('meeting.responsible')}</label>
        <select
          name="responsibleMemberId"
          id={`dec-resp-${itemId}`}
          value={responsible}
          onChange={(e) => setResponsible(e.target.value)}
        >
          {meeting.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
              {m.title ? `（${m.title}）` : ''}
            </option>
          ))}
        </select>
      </div>
      <Field
        label={t('meeting.deadline')}
        name="deadline"
        type="date"
        value={deadline}
        onChange={(e) => setDeadline(e.target.value)}
        required
      />
      <Field
        label={t('meeting.noticeDays')}
        name="noticeDays"
        type="number"
        min={1}
        max={60}
        value={noticeDays}
        onChange={(e) => setNoticeDays(num(e.target.value))}
      />
      <button type="submit" className="btn" disabled={!text.trim() || !deadline}>
        {t('meeting.decide')}
      </button>
    </form>
  );
}

/** Adds an action item to a decision. */
export function ActionForm({ onSave }: { onSave: (body: object) => Promise<unknown> }) {
  const { t } = useTranslation('council');
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  return (
    <form
      className="form"
      aria-label={t('meeting.addAction')}
      onSubmit={async (e) => {
        e.preventDefault();
        // Refused (false): what was typed stays, with the fields marked.
        if ((await onSave({ title, ownerLabel: owner, dueOn: due })) === false) return;
        setTitle('');
        setOwner('');
        setDue('');
      }}
    >
      <Field label={t('meeting.actionTitle')} name="title" value={title} onChange={(e) => setTitle(e.target.value)} required />
      <Field label={t('meeting.owner')} name="ownerLabel" value={owner} onChange={(e) => setOwner(e.target.value)} required />
      <Field label={t('meeting.due')} name="dueOn" type="date" value={due} onChange={(e) => setDue(e.target.value)} required />
      <button type="submit" className="btn btn-secondary" disabled={!title.trim() || !owner.trim() || !due}>
        {t('meeting.addAction')}
      </button>
    </form>
  );
}
