import { type BudgetDetail, fenToYuan, type KeyingOutcome, type PaperBallotView } from '@lianxin/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { addStrings } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { KeyedTable, KeyingForm, KeyingOutcomeNote, MismatchQueue } from '../votes/KeyingParts';
import { RunningTotal } from './RunningTotal';
import '../votes/votes.css';
import { budgetsI18n } from './i18n';
import './budgets.css';

addStrings('budgets', budgetsI18n);

/**
 * Keying 自治金 paper ballots, blind: the code comes from the ballot's QR code or is typed; the
 * keyer ticks the proposals ticked on the paper. Nobody sees another keyer's ticks; mismatches
 * wait below for a third staff member.
 */
export default function BudgetKeyingPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation('budgets');
  const [budget, setBudget] = useState<BudgetDetail | null>(null);
  const [list, setList] = useState<PaperBallotView[]>([]);
  const [code, setCode] = useState(params.get('code') ?? '');
  const [ticked, setTicked] = useState<number[]>([]);
  const [outcome, setOutcome] = useState<KeyingOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [codeError, setCodeError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const base = `/api/v1/budgets/${encodeURIComponent(id)}`;
  const paperList = useCallback(() => api<PaperBallotView[]>(`${base}/paper-ballots`), [base]);

  const load = useCallback(async () => {
    try {
      const [b, l] = await Promise.all([api<BudgetDetail>(base), paperList()]);
      setBudget(b);
      setList(l);
    } catch (e) {
      setError(e);
    }
  }, [base, paperList]);
  useEffect(() => void load(), [load]);

  if (!budget) return <Page title={t('paper.keyLink')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;
  const feasible = budget.proposals.filter((p) => p.status === 'feasible');
  const total = feasible.filter((p) => ticked.includes(p.seq)).reduce((n, p) => n + p.costFen, 0);
  const open = budget.status === 'voting';
  const titles = (value: string) =>
    value
      .split(',')
      .map((n) => `${n}. ${feasible.find((p) => String(p.seq) === n)?.title ?? ''}`)
      .join('；');

  async function submit() {
    setBusy(true);
    setError(null);
    setCodeError(undefined);
    setOutcome(null);
    try {
      const r = await api<KeyingOutcome>(`${base}/paper-keyings`, {
        method: 'POST',
        body: { code: code.trim(), proposals: ticked },
      });
      setOutcome(r);
      setCode('');
      setTicked([]);
      if (params.has('code')) setParams({}, { replace: true });
      setList(await paperList());
      codeRef.current?.focus();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'PAPER_CODE_INVALID') setCodeError(e.message);
      else setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={`${t('paper.keyLink')}：${budget.title}`}>
      <p>
        <Link to={`/budgets/${id}`}>← {budget.title}</Link>
      </p>
      <KeyingOutcomeNote outcome={outcome} />
      <ErrorNote error={error} />
      {!open ? (
        <p className="card">{t('paper.closed')}</p>
      ) : (
        <KeyingForm
          hint={t('paper.keyHint')}
          codeLabel={t('paper.codeField')}
          code={code}
          onCode={setCode}
          codeError={codeError}
          codeRef={codeRef}
          ready={!busy && ticked.length > 0}
          onSubmit={() => void submit()}
        >
          <fieldset>
            <legend>{t('paper.ticked')}</legend>
            {feasible.map((p) => (
              <label key={p.id} className="bg-choice">
                <input
                  type="checkbox"
                  checked={ticked.includes(p.seq)}
                  onChange={(e) => setTicked((c) => (e.target.checked ? [...c, p.seq] : c.filter((x) => x !== p.seq)))}
                />
                <span>{t('paper.item', { seq: p.seq, title: p.title, amount: fenToYuan(p.costFen) })}</span>
              </label>
            ))}
          </fieldset>
          <RunningTotal totalFen={total} potFen={budget.potFen} />
        </KeyingForm>
      )}
      <MismatchQueue
        list={list}
        open={open}
        onDecide={(b) => {
          setCode(b.code);
          setTicked([]);
          codeRef.current?.focus();
        }}
      />
      <KeyedTable list={list} unitHeader={t('paper.householdCol')} valueHeader={t('paper.numbers')} label={titles} />
    </Page>
  );
}
