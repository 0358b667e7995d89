import { fenToYuan, type ProjectDetail, yuanToFen } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { todayChina } from '../volunteers/useApi';

/**
 * Corrects a spending entry typed wrong: a reversing entry with a reason, never more than is left
 * of the entry (the server refuses it too). The entry itself stays, and both show publicly.
 */
export function CorrectionForm({
  p,
  run,
  errors,
}: {
  p: ProjectDetail;
  run: (fn: () => Promise<ProjectDetail>) => Promise<boolean>;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('projects');
  const [entryId, setEntryId] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [on, setOn] = useState(todayChina);
  const [local, setLocal] = useState<Record<string, string>>({});
  const open = p.spending.filter((s) => !s.correctsId && s.amountFen - s.correctedFen > 0);
  if (!open.length) return null;
  const entry = open.find((s) => s.id === entryId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fen = yuanToFen(amount);
    const errs: Record<string, string> = {};
    if (!entry) errs.entry = t('correctionPick');
    if (!fen) errs.amountFen = t('amountInvalid');
    else if (entry && fen > entry.amountFen - entry.correctedFen)
      errs.amountFen = t('correctionTooMuch', { v: fenToYuan(entry.amountFen - entry.correctedFen) });
    if (!reason.trim()) errs.reason = t('correctionReasonRequired');
    setLocal(errs);
    if (Object.keys(errs).length || !entry || !fen) return;
    void run(() =>
      api<ProjectDetail>(`/api/v1/projects/${encodeURIComponent(p.id)}/spending/${encodeURIComponent(entry.id)}/corrections`, {
        method: 'POST',
        body: { amountFen: fen, spentOn: on, reason },
      }),
    ).then((done) => {
      if (!done) return;
      setAmount('');
      setReason('');
      setEntryId('');
    });
  };

  return (
    <form className="form card" onSubmit={submit} noValidate>
      <h3>{t('correct')}</h3>
      <p className="muted">{t('correctHint')}</p>
      <SelectField
        data-unsent=""
        id="pj-correct-entry"
        label={t('correctEntry')}
        value={entryId}
        onChange={setEntryId}
        blank={t('correctionPick')}
        error={local.entry}
        options={open.map((s) => ({
          value: s.id,
          label: `${s.spentOn} · ${s.itemName} · ${t('yuan', { v: fenToYuan(s.amountFen - s.correctedFen) })}${s.note ? ` · ${s.note}` : ''}`,
        }))}
      />
      <Field
        name="amountFen"
        label={t('correctAmount')}
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        inputMode="decimal"
        required
        error={local.amountFen ?? errors.amountFen}
      />
      <Field
        name="spentOn"
        label={t('date')}
        type="date"
        value={on}
        onChange={(e) => setOn(e.target.value)}
        required
        error={errors.spentOn}
      />
      <Field
        name="reason"
        label={t('correctReason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={200}
        required
        error={local.reason ?? errors.reason}
      />
      <button className="btn btn-secondary" type="submit">
        {t('correct')}
      </button>
    </form>
  );
}
