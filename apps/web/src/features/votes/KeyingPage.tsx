import type { VoteDetail } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { votesApi } from './api';
import { useChoiceLabel } from './common';
import { KeyedTable, KeyingForm, KeyingOutcomeNote, MismatchQueue, useKeyingSitting } from './KeyingParts';
import './paper.i18n';
import './votes.css';

/**
 * Keying paper ballots, blind: the code comes from the ballot's QR code (the phone's camera opens
 * this page with it) or is typed; the keyer picks what is ticked on the paper. Nobody sees another
 * keyer's choice; mismatches wait below for a third staff member.
 */
export default function KeyingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('votesPaper');
  const tv = useTranslation('votes').t;
  const [vote, setVote] = useState<VoteDetail | null>(null);
  const [choice, setChoice] = useState<string | null>(null);
  const { list, setList, code, setCode, outcome, error, setError, codeError, busy, codeRef, key } = useKeyingSitting(
    useCallback(() => votesApi.paper(id), [id]),
  );
  const label = useChoiceLabel(vote?.options ?? []);

  const load = useCallback(async () => {
    try {
      const [v, l] = await Promise.all([votesApi.get(id), votesApi.paper(id)]);
      setVote(v);
      setList(l);
    } catch (e) {
      setError(e);
    }
  }, [id, setList, setError]);
  useEffect(() => void load(), [load]);

  if (!vote) return <Page title={t('keyTitle')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;
  const choices = vote.kind === 'decision' ? ['yes', 'no', 'abstain'] : vote.options.map((o) => o.key);

  async function submit() {
    if (!choice) return;
    const picked = choice;
    await key(
      (c) => votesApi.keyPaper(id, c, picked),
      () => setChoice(null),
    );
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
