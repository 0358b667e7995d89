import type { KeyingOutcome, PaperBallotView } from '@lianxin/shared';
import { type ReactNode, type Ref, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import './paper.i18n';

/**
 * Pieces of a blind keying page shared by owners' votes (/votes/:id/keying) and 自治金 ballots
 * (/budgets/:id/keying): what became of the last keying, the mismatch queue, and the keyed list.
 */

/**
 * The state of a keying sitting: the code (from the ballot's QR link or typed), the keyed list, the
 * last outcome and errors. `key` sends one keying; after success it clears the code and the marks
 * (`clear`), drops the code from the address, reloads the list and puts the cursor back in the
 * code field for the next ballot. A bad code is shown beside the field, anything else above.
 */
export function useKeyingSitting(loadList: () => Promise<PaperBallotView[]>) {
  const [params, setParams] = useSearchParams();
  const [list, setList] = useState<PaperBallotView[]>([]);
  const [code, setCode] = useState(params.get('code') ?? '');
  const [outcome, setOutcome] = useState<KeyingOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [codeError, setCodeError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  async function key(send: (code: string) => Promise<KeyingOutcome>, clear: () => void) {
    setBusy(true);
    setError(null);
    setCodeError(undefined);
    setOutcome(null);
    try {
      setOutcome(await send(code.trim()));
      setCode('');
      clear();
      if (params.has('code')) setParams({}, { replace: true });
      setList(await loadList());
      codeRef.current?.focus();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'PAPER_CODE_INVALID') setCodeError(e.message);
      else setError(e);
    } finally {
      setBusy(false);
    }
  }
  return { list, setList, code, setCode, outcome, error, setError, codeError, busy, codeRef, key };
}

/** Above the form: the keyer sees what became of the last ballot while keying the next. */
export function KeyingOutcomeNote({ outcome }: { outcome: KeyingOutcome | null }) {
  const { t } = useTranslation('votesPaper');
  if (!outcome) return null;
  return (
    <div className={`card${outcome.settled ? ' ok-note' : ''}`} role="status" data-testid="keying-outcome">
      <p>{t(`outcome.${outcome.status}`, { unit: outcome.item })}</p>
      {outcome.settled && <p className="vote-receipt">{t('receipt', { receipt: outcome.settled.receipt })}</p>}
    </div>
  );
}

/** Ballots keyed differently twice: anyone who keyed neither may key it again, and that decides. */
export function MismatchQueue({
  list,
  open,
  onDecide,
  detail,
}: {
  list: PaperBallotView[];
  open: boolean;
  onDecide: (b: PaperBallotView) => void;
  /** What else to show of a ballot beside its number (the area, for owners' votes). */
  detail?: (b: PaperBallotView) => ReactNode;
}) {
  const { t } = useTranslation('votesPaper');
  const queue = list.filter((b) => b.status === 'mismatch');
  return (
    <section className="card" aria-labelledby="queue-title" data-testid="mismatch-queue">
      <h2 id="queue-title">{t('queue', { n: queue.length })}</h2>
      <p className="muted">{t('queueHint')}</p>
      {queue.length === 0 && <p className="muted">{t('queueEmpty')}</p>}
      <ul className="list">
        {queue.map((b) => (
          <li key={b.item} className="list-item">
            <p>
              <strong>{b.item}</strong>
              {detail?.(b)} · {t('keyers', { names: b.keyers.map((k) => k.name ?? '—').join('、') })}
            </p>
            {b.keyedByMe ? (
              <p className="muted">{t('yours')}</p>
            ) : (
              open && (
                <button type="button" className="btn btn-secondary" onClick={() => onDecide(b)}>
                  {t('decide')}
                </button>
              )
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Every keyed ballot: where it stands and who keyed it; what counts only once it counts. */
export function KeyedTable({
  list,
  unitHeader,
  valueHeader,
  label,
}: {
  list: PaperBallotView[];
  unitHeader: string;
  valueHeader: string;
  label: (value: string) => ReactNode;
}) {
  const { t } = useTranslation('votesPaper');
  return (
    <section aria-labelledby="keyed-title">
      <h2 id="keyed-title">{t('all', { n: list.length })}</h2>
      {list.length === 0 && <p className="muted">{t('none')}</p>}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable table must be reachable by keyboard */}
      <div className="vote-scroll" tabIndex={0} role="region" aria-labelledby="keyed-title">
        <table className="vote-figures" data-testid="keyed">
          <thead>
            <tr>
              <th scope="col">{unitHeader}</th>
              <th scope="col">{valueHeader}</th>
              <th scope="col">{t('statusCol')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.item}>
                <td>{b.item}</td>
                <td>{b.value ? label(b.value) : '—'}</td>
                <td>
                  {t(`status.${b.status}`)}
                  <br />
                  <span className="muted">{b.keyers.map((k) => k.name ?? '—').join('、')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** How many paper ballots stand where, with the ways to the keying page and the printable sheet. */
export function PaperCard({
  list,
  error,
  title,
  hint,
  children,
}: {
  list: PaperBallotView[] | undefined | null;
  error: unknown;
  title: string;
  hint: string;
  /** The links (keying page, sheet). */
  children: ReactNode;
}) {
  const { t } = useTranslation('votesPaper');
  const n = (...st: PaperBallotView['status'][]) => (list ?? []).filter((b) => st.includes(b.status)).length;
  return (
    <section className="card" aria-labelledby="paper-title">
      <h2 id="paper-title">{title}</h2>
      <p className="muted">{hint}</p>
      {list && (
        <p data-testid="paper-counts">
          {t('counts', { counted: n('agreed', 'decided'), waiting: n('waiting'), mismatch: n('mismatch') })}
        </p>
      )}
      <ErrorNote error={error} />
      <div className="vote-actions">{children}</div>
    </section>
  );
}

/** The keying form: the printed code (filled in from the QR code, or typed), what is ticked on the paper, send. */
export function KeyingForm({
  hint,
  codeLabel,
  code,
  onCode,
  codeError,
  codeRef,
  ready,
  onSubmit,
  children,
}: {
  hint: string;
  codeLabel: string;
  code: string;
  onCode: (code: string) => void;
  codeError: string | undefined;
  codeRef: Ref<HTMLInputElement>;
  /** Whether what is ticked may be sent. */
  ready: boolean;
  onSubmit: () => void;
  /** The choices as printed on the paper. */
  children: ReactNode;
}) {
  const { t } = useTranslation('votesPaper');
  return (
    <form
      className="form card"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <p className="muted">{hint}</p>
      <Field
        ref={codeRef}
        label={codeLabel}
        value={code}
        onChange={(e) => onCode(e.target.value)}
        required
        maxLength={400}
        autoComplete="off"
        autoCapitalize="characters"
        error={codeError}
        name="code"
      />
      {children}
      <button type="submit" className="btn btn-block" disabled={!ready}>
        {t('submit')}
      </button>
    </form>
  );
}
