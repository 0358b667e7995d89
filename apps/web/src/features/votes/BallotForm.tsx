import type { VoteDetail } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { ErrorNote } from '../../ui/Page';
import { votesApi } from './api';
import { useChoiceLabel } from './common';
import { receiptHash } from './receipt';

/**
 * An owner's ballot at phone size: big choices and a confirmation step (a ballot is final). The
 * receipt code goes to the caller, which shows it this once.
 */
export function BallotForm({ vote, onCast }: { vote: VoteDetail; onCast(receipt: string | null): void }) {
  const { t } = useTranslation('votes');
  const label = useChoiceLabel(vote.options);
  const choices = vote.kind === 'decision' ? ['yes', 'no', 'abstain'] : vote.options.map((o) => o.key);
  const [choice, setChoice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);

  async function cast() {
    if (!choice) return;
    setBusy(true);
    setError(null);
    try {
      const r = await votesApi.cast(vote.id, choice);
      onCast(r.receipt);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'ALREADY_VOTED') onCast(null);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="form card"
      onSubmit={(e) => {
        e.preventDefault();
        if (!choice) {
          setMissing(true);
          return;
        }
        setConfirming(true);
      }}
    >
      {vote.me.units && <p>{t('yourUnits', { units: vote.me.units.join('、') })}</p>}
      <fieldset className="vote-choices" disabled={confirming || busy}>
        <legend>{t('pick')}</legend>
        {choices.map((c) => (
          <label key={c} className="vote-choice">
            <input
              type="radio"
              name="choice"
              value={c}
              checked={choice === c}
              onChange={() => {
                setChoice(c);
                setMissing(false);
              }}
            />
            {label(c)}
          </label>
        ))}
      </fieldset>
      {missing && (
        <p className="field-error" role="alert">
          ⚠ {t('error.pickChoice')}
        </p>
      )}
      <ErrorNote error={error} />
      {confirming && choice ? (
        <div className="card" role="alertdialog" aria-labelledby="vote-confirm-title">
          <p id="vote-confirm-title" className="big">
            {t('confirmTitle', { choice: label(choice) })}
          </p>
          <div className="vote-actions">
            <button type="button" className="btn" onClick={cast} disabled={busy}>
              {t('confirmYes')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)} disabled={busy}>
              {t('back')}
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" className="btn btn-block">
          {t('submit')}
        </button>
      )}
    </form>
  );
}

/** The receipt code, shown once right after casting. */
export function ReceiptCard({ receipt }: { receipt: string }) {
  const { t } = useTranslation('votes');
  const [hash, setHash] = useState<string | null>(null);
  useEffect(() => void receiptHash(receipt).then(setHash), [receipt]);
  return (
    <div className="card ok-note" role="status" data-testid="receipt">
      <p className="big">{t('receiptTitle')}</p>
      <p className="vote-receipt" data-testid="receipt-code">
        {receipt}
      </p>
      <p>{t('receiptHint')}</p>
      {hash && (
        <p>
          <Link to={`/verify/ballot/${hash}`} data-testid="verify-receipt">
            {t('results.verifyReceipt')}
          </Link>
        </p>
      )}
    </div>
  );
}
