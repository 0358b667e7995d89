import type { InclusionProofDto } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import './i18n';
import { type Verdict, verifyReceipt } from './verify';

type Kind = 'ballot' | 'certificate' | 'decision';
type State =
  | { s: 'loading' }
  | { s: 'pending' }
  | { s: 'not-found' }
  | { s: 'error'; error: unknown }
  | { s: 'done'; verdict: Verdict; proof: InclusionProofDto };

/**
 * A public page anyone can open from a receipt: it fetches the entry's inclusion proof and the
 * log's public key and verifies both here, in the reader's browser.
 */
export default function VerifyReceiptPage() {
  const { kind = 'ballot', id = '' } = useParams();
  const { t } = useTranslation('log');
  const [state, setState] = useState<State>({ s: 'loading' });

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const [proof, key] = await Promise.all([
          api<InclusionProofDto>(`/api/v1/log/receipts/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`),
          api<{ publicKey: string }>('/api/v1/log/key'),
        ]);
        const verdict = await verifyReceipt(proof, id, key.publicKey);
        if (!stop) setState({ s: 'done', verdict, proof });
      } catch (e) {
        if (stop) return;
        if (e instanceof ApiError && e.code === 'LOG_PENDING') {
          // The sequencer takes entries in at least once a second.
          setState({ s: 'pending' });
          timer = setTimeout(run, 1500);
        } else if (e instanceof ApiError && e.code === 'NOT_FOUND') setState({ s: 'not-found' });
        else setState({ s: 'error', error: e });
      }
    };
    void run();
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [kind, id]);

  const title = `${t('title')}：${t(`kind.${kind as Kind}`, { defaultValue: kind })}`;
  if (state.s === 'loading') return <Page title={title}>{<Loading />}</Page>;
  if (state.s === 'error') return <Page title={title}>{<ErrorNote error={state.error} />}</Page>;
  return (
    <Page title={title}>
      {state.s === 'pending' && (
        <p role="status" className="card">
          {t('pending')}
        </p>
      )}
      {state.s === 'not-found' && (
        <p role="status" className="card" data-testid="verdict">
          {t('notFound')}
        </p>
      )}
      {state.s === 'done' && (
        <>
          <p role="status" className={`card ${state.verdict === 'failed' ? 'error-note' : 'ok-note'} big`} data-testid="verdict">
            {state.verdict === 'verified' ? t('verified') : state.verdict === 'path-only' ? t('pathOnly') : t('failed')}
          </p>
          {state.verdict === 'verified' && <p className="muted">{t('verifiedDetail')}</p>}
          <dl className="card" data-testid="checkpoint">
            <dt>{t('leaf')}</dt>
            <dd>
              {state.proof.leafIndex + 1} / {state.proof.checkpoint.treeSize}
            </dd>
            <dt>{t('root')}</dt>
            <dd className="vote-hash">{state.proof.checkpoint.rootHash}</dd>
            <dt>{t('at')}</dt>
            <dd>{state.proof.checkpoint.at}</dd>
            <dt>{t('keyId')}</dt>
            <dd>{state.proof.checkpoint.keyId}</dd>
          </dl>
        </>
      )}
    </Page>
  );
}
