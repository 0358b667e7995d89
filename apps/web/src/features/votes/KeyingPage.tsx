import type { KeyingOutcome, PaperBallotView, VoteDetail } from '@lianxin/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { votesApi } from './api';
import { useChoiceLabel } from './common';
import { KeyedTable, KeyingForm, KeyingOutcomeNote, MismatchQueue } from './KeyingParts';
import './paper.i18n';
import './votes.css';

/**
 * Keying paper ballots, blind: the code comes from the ballot's QR code (the phone's camera opens
 * this page with it) or is typed; the keyer picks what is ticked on the paper. Nobody sees another
 * keyer's choice; mismatches wait below for a third staff member.
 */
export default function KeyingPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation('votesPaper');
  const tv = useTranslation('votes').t;
  const [vote, setVote] = useState<VoteDetail | null>(null);
  const [list, setList] = useState<PaperBallotView[]>([]);
  const [code, setCode] = useState(params.get('code') ?? '');
  const [choice, setChoice] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<KeyingOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [codeError, setCodeError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const label = useChoiceLabel(vote?.options ?? []);

  const load = useCallback(async () => {
    try {
      const [v, l] = await Promise.all([votesApi.get(id), votesApi.paper(id)]);
      setVote(v);
      setList(l);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  if (!vote) return <Page title={t('keyTitle')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;
  const choices = vote.kind === 'decision' ? ['yes', 'no', 'abstain'] : vote.options.map((o) => o.key);

  async function submit() {
    if (!choice) return;
    setBusy(true);
    setError(null);
    setCodeError(undefined);
    setOutcome(null);
    try {
      const r = await votesApi.keyPaper(id, code.trim(), choice);
      setOutcome(r);
      setCode('');
      setChoice(null);
      if (params.has('code')) setParams({}, { replace: true });
      setList(await votesApi.paper(id));
      codeRef.current?.focus();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'PAPER_CODE_INVALID') setCodeError(e.message);
      else setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={`${t('keyTitle')}：${vote.title}`}>
      <p>
        <Link to={`/votes/${id}`}>← {vote.title}</Link>
      </p>
      <KeyingOutcomeNote outcome={outcome} />
      <ErrorNote error={error} />
      {vote.status !== 'open' ? (
        <p className="card">{t('closed')}</p>
      ) : (
        <KeyingForm
          hint={t('keyHint')}
          codeLabel={t('code')}
          code={code}
          onCode={setCode}
          codeError={codeError}
          codeRef={codeRef}
          ready={!busy && !!choice}
          onSubmit={() => void submit()}
        >
          <fieldset className="vote-choices">
            <legend>{t('choose')}</legend>
            {choices.map((c) => (
              <label key={c} className="vote-choice">
                <input type="radio" name="choice" value={c} checked={choice === c} onChange={() => setChoice(c)} required />
                {label(c)}
              </label>
            ))}
          </fieldset>
        </KeyingForm>
      )}

      <MismatchQueue
        list={list}
        open={vote.status === 'open'}
        detail={(b) => ` · ${b.area} ㎡`}
        onDecide={(b) => {
          setCode(b.code);
          setChoice(null);
          codeRef.current?.focus();
        }}
      />
      <KeyedTable list={list} unitHeader={tv('results.units')} valueHeader={tv('results.choice')} label={label} />
    </Page>
  );
}
