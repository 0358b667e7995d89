import { type BudgetDetail, fenToYuan, type KeyingOutcome, type PaperBallotView } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { KeyedTable, KeyingForm, KeyingOutcomeNote, MismatchQueue, useKeyingSitting } from '../votes/KeyingParts';
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
  const { t } = useTranslation('budgets');
  const [budget, setBudget] = useState<BudgetDetail | null>(null);
  const [ticked, setTicked] = useState<number[]>([]);
  const base = `/api/v1/budgets/${encodeURIComponent(id)}`;
  const paperList = useCallback(() => api<PaperBallotView[]>(`${base}/paper-ballots`), [base]);
  const { list, setList, code, setCode, outcome, error, setError, codeError, busy, codeRef, key } = useKeyingSitting(paperList);

  const load = useCallback(async () => {
    try {
      const [b, l] = await Promise.all([api<BudgetDetail>(base), paperList()]);
      setBudget(b);
      setList(l);
    } catch (e) {
      setError(e);
    }
  }, [base, paperList, setList, setError]);
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
    await key(
      (c) => api<KeyingOutcome>(`${base}/paper-keyings`, { method: 'POST', body: { code: c, proposals: ticked } }),
      () => setTicked([]),
    );
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
                  name="proposals"
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
