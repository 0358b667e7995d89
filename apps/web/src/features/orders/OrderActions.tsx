import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { uploadImage } from '../../lib/upload';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { type OrderDetail, ordersApi } from './api';

/** The buttons and small forms for what the caller may do now (the server's `can` list). */
export function OrderActions({
  order,
  onChanged,
  onLost,
}: {
  order: OrderDetail;
  onChanged: (msg?: string) => void;
  /** Another volunteer was quicker: the page drops the order with one message instead of an error. */
  onLost: () => void;
}) {
  const { t } = useTranslation('orders');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: string, body?: unknown, msg?: string) => {
    setBusy(true);
    setError(null);
    try {
      await ordersApi.act(order.id, action, body);
      onChanged(msg);
    } catch (e) {
      if (action === 'take' && e instanceof ApiError && (e.code === 'ORDER_ALREADY_TAKEN' || e.status === 404)) {
        onLost();
        return;
      }
      setError(e);
      onChanged();
    } finally {
      setBusy(false);
    }
  };
  const can = (a: string) => order.can.includes(a);
  return (
    <div className="actions">
      <ErrorNote error={error} />
      {can('take') && (
        <button
          type="button"
          className="btn btn-block send-btn"
          disabled={busy}
          onClick={() => run('take', undefined, t('detail.taken'))}
          data-testid="take-order"
        >
          {order.dispatchedToMe ? t('detail.accept') : t('detail.take')}
        </button>
      )}
      {can('decline') && (
        <button type="button" className="btn btn-block btn-secondary" disabled={busy} onClick={() => run('decline')}>
          {t('detail.decline')}
        </button>
      )}
      {can('start') && (
        <button
          type="button"
          className="btn btn-block send-btn"
          disabled={busy}
          onClick={() => run('start')}
          data-testid="start-order"
        >
          {t('detail.start')}
        </button>
      )}
      {can('done') && <DoneForm compoundId={order.compoundId} busy={busy} onSubmit={(b) => run('done', b)} onError={setError} />}
      {can('confirm') && <ConfirmForm busy={busy} onSubmit={(b) => run('confirm', b)} />}
      {can('dispatch') && <DispatchForm order={order} busy={busy} onSubmit={(b) => run('dispatch', b)} />}
      {can('cancel') && <CancelForm busy={busy} onSubmit={(b) => run('cancel', b)} />}
    </div>
  );
}

function DoneForm({
  compoundId,
  busy,
  onSubmit,
  onError,
}: {
  compoundId: string;
  busy: boolean;
  onSubmit: (b: object) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation('orders');
  const [minutes, setMinutes] = useState('');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      // The photo goes through the shared uploads (checked, re-encoded without metadata); the order gets its id.
      const photoId = file ? await uploadImage(compoundId, file) : undefined;
      onSubmit({ minutes: Number(minutes), note: note || undefined, ...(photoId ? { photoId } : {}) });
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form className="form card" onSubmit={submit}>
      <h2>{t('detail.done')}</h2>
      <Field
        name="minutes"
        label={t('detail.minutes')}
        type="number"
        inputMode="numeric"
        min={1}
        max={1440}
        required
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        data-testid="done-minutes"
      />
      <div className="field">
        <label htmlFor="done-note">{t('detail.doneNote')}</label>
        <textarea name="note" id="done-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="done-photo">{t('detail.photo')}</label>
        <input
          name="photoId"
          id="done-photo"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          data-testid="done-photo"
        />
      </div>
      <button type="submit" className="btn btn-block" disabled={busy} data-testid="submit-done">
        {t('detail.submitDone')}
      </button>
    </form>
  );
}

function ConfirmForm({ busy, onSubmit }: { busy: boolean; onSubmit: (b: object) => void }) {
  const { t } = useTranslation('orders');
  const [rating, setRating] = useState(5);
  const [comment, setComment] = useState('');
  return (
    <form
      className="form card"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ rating, comment: comment || undefined });
      }}
    >
      <h2>{t('detail.confirm')}</h2>
      <fieldset className="stars">
        <legend>{t('detail.rating')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            className="star"
            aria-pressed={rating === n}
            onClick={() => setRating(n)}
            data-testid={`star-${n}`}
          >
            {'★'.repeat(n)}
            <span className="sr-only"> {t('detail.stars', { n })}</span>
          </button>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="confirm-comment">{t('detail.comment')}</label>
        <textarea
          name="comment"
          id="confirm-comment"
          rows={2}
          maxLength={500}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <button type="submit" className="btn btn-block send-btn" disabled={busy} data-testid="confirm-order">
        {t('detail.confirm')}
      </button>
    </form>
  );
}

/** Reasons to tap (typing is optional): an elder cancels with one touch. */
const CANCEL_REASONS = ['notNeeded', 'badTime', 'foundHelp', 'mistake'] as const;

function CancelForm({ busy, onSubmit }: { busy: boolean; onSubmit: (b: object) => void }) {
  const { t } = useTranslation('orders');
  const [chosen, setChosen] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const text = [chosen ? t(`cancelReasons.${chosen}`) : '', reason.trim()].filter(Boolean).join('：');
  return (
    <form
      className="form card"
      onSubmit={(e) => {
        e.preventDefault();
        if (text) onSubmit({ reason: text.slice(0, 300) });
      }}
    >
      <fieldset className="reason-chips">
        <legend>{t('detail.cancelReason')}</legend>
        {CANCEL_REASONS.map((r) => (
          <button
            key={r}
            type="button"
            className="btn btn-secondary"
            aria-pressed={chosen === r}
            onClick={() => setChosen(chosen === r ? null : r)}
            data-testid={`cancel-reason-${r}`}
          >
            {t(`cancelReasons.${r}`)}
          </button>
        ))}
      </fieldset>
      <Field
        name="reason"
        label={t('detail.cancelMore')}
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" className="btn btn-secondary" disabled={busy || !text} data-testid="cancel-order">
        {t('detail.cancel')}
      </button>
    </form>
  );
}

function DispatchForm({ order, busy, onSubmit }: { order: OrderDetail; busy: boolean; onSubmit: (b: object) => void }) {
  const { t } = useTranslation('orders');
  const [list, setList] = useState<Array<{ id: string; name: string }>>([]);
  const [choice, setChoice] = useState('');
  useEffect(() => {
    ordersApi.volunteers(order.compoundId).then(
      (r) => setList(r.volunteers),
      () => setList([]),
    );
  }, [order.compoundId]);
  return (
    <form
      className="form card"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) onSubmit({ volunteerPersonId: choice });
      }}
    >
      <div className="field">
        <label htmlFor="dispatch-to">{t('detail.chooseVolunteer')}</label>
        <select name="volunteerPersonId" id="dispatch-to" value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">—</option>
          {list.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn" disabled={busy || !choice}>
        {t('detail.dispatch')}
      </button>
    </form>
  );
}
