import type { PaperBallotView, VoteDetail } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { votesApi } from './api';
import { useChoiceLabel } from './common';

/** Paper ballots: entered by one staff member, confirmed by another before they count. */
export function PaperBallots({ vote, onChange }: { vote: VoteDetail; onChange(): void }) {
  const { t } = useTranslation('votes');
  const label = useChoiceLabel(vote.options);
  const choices = vote.kind === 'decision' ? ['yes', 'no', 'abstain'] : vote.options.map((o) => o.key);
  const [list, setList] = useState<PaperBallotView[]>([]);
  const [unit, setUnit] = useState('');
  const [choice, setChoice] = useState(choices[0] ?? 'yes');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [unitError, setUnitError] = useState<string | undefined>();
  const open = vote.status === 'open';

  const load = useCallback(async () => {
    try {
      setList(await votesApi.paper(vote.id));
    } catch (e) {
      setError(e);
    }
  }, [vote.id]);
  useEffect(() => void load(), [load]);

  async function act(fn: () => Promise<unknown>, done: string) {
    setError(null);
    setNote(null);
    try {
      await fn();
      setNote(done);
      await load();
      onChange();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card" aria-labelledby="paper-title">
      <h2 id="paper-title">{t('staff.paper')}</h2>
      <p className="muted">{t('staff.paperHint')}</p>
      {open && (
        <form
          className="form"
          onSubmit={async (e) => {
            e.preventDefault();
            setUnitError(undefined);
            setError(null);
            setNote(null);
            try {
              const r = await votesApi.enterPaper(vote.id, unit.trim(), choice);
              setNote(t('staff.entered', { unit: unit.trim(), receipt: r.receipt }));
              setUnit('');
              await load();
              onChange();
            } catch (err) {
              if (err instanceof ApiError && err.fieldErrors().unit !== undefined) setUnitError(err.message);
              else setError(err);
            }
          }}
        >
          <Field
            label={t('staff.unit')}
            value={unit}
            onChange={(e) => setUnit(e.target.value)}
            required
            maxLength={40}
            error={unitError}
            name="unit"
          />
          <div className="field">
            <label htmlFor="paper-choice">{t('pick')}</label>
            <select id="paper-choice" value={choice} onChange={(e) => setChoice(e.target.value)}>
              {choices.map((c) => (
                <option key={c} value={c}>
                  {label(c)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn">
            {t('staff.enter')}
          </button>
        </form>
      )}
      {note && (
        <p className="ok-note" role="status" data-testid="paper-note">
          {note}
        </p>
      )}
      <ErrorNote error={error} />
      <h3>{t('staff.paperList')}</h3>
      {list.length === 0 && <p className="muted">{t('staff.noPaper')}</p>}
      <ul className="list">
        {list.map((b) => (
          <li key={b.id} className="list-item" data-testid="paper-ballot">
            <p>
              <strong>{b.units.join('、')}</strong> · {b.area} ㎡ · {label(b.choice)} ·{' '}
              <span className={`vote-tag vote-tag-${b.status === 'pending' ? 'closed' : 'open'}`}>
                {b.status === 'pending' ? t('staff.pendingTag') : t('staff.countedTag')}
              </span>
            </p>
            <p className="muted">
              {b.enteredByName && t('staff.enteredBy', { name: b.enteredByName })}
              {b.confirmedByName && ` · ${t('staff.confirmedBy', { name: b.confirmedByName })}`}
            </p>
            {open && b.status === 'pending' && (
              <div className="vote-actions">
                {b.enteredByMe ? (
                  <p className="muted">{t('staff.ownEntry')}</p>
                ) : (
                  <button
                    type="button"
                    className="btn"
                    onClick={() => act(() => votesApi.confirmPaper(vote.id, b.id), t('staff.confirmed'))}
                  >
                    {t('staff.confirm')}
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn-secondary"
                  onClick={() => act(() => votesApi.discardPaper(vote.id, b.id), t('staff.discarded'))}
                >
                  {t('staff.discard')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
