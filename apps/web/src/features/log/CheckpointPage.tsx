import type { CheckpointDto, ConsistencyProofDto } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import './i18n';
import { type Verdict, verifyWitness } from './verify';
import './log.css';

type State =
  | { s: 'loading' }
  | { s: 'missing' }
  | { s: 'root-mismatch'; cp: CheckpointDto; printed: string }
  | { s: 'error'; error: unknown }
  | { s: 'done'; verdict: Verdict; cp: CheckpointDto; latest: CheckpointDto };

/**
 * Where the QR code of a printed 公示 leads: checks in the reader's browser that the public log
 * still holds the checkpoint printed on the notice (same root at that size) and only grew since.
 */
export default function CheckpointPage() {
  const { size = '' } = useParams();
  const [params] = useSearchParams();
  const printedRoot = (params.get('root') ?? '').toLowerCase();
  const { t } = useTranslation('log');
  const [state, setState] = useState<State>({ s: 'loading' });

  useEffect(() => {
    let stop = false;
    const run = async () => {
      try {
        const cp = await api<CheckpointDto>(`/api/v1/log/checkpoints/${encodeURIComponent(size)}`);
        if (printedRoot && printedRoot !== cp.rootHash) {
          if (!stop) setState({ s: 'root-mismatch', cp, printed: printedRoot });
          return;
        }
        const [latest, key] = await Promise.all([
          api<CheckpointDto>('/api/v1/log/checkpoint'),
          api<{ publicKey: string }>('/api/v1/log/key'),
        ]);
        const consistency =
          latest.treeSize > cp.treeSize
            ? await api<ConsistencyProofDto>(`/api/v1/log/consistency?first=${cp.treeSize}&second=${latest.treeSize}`)
            : null;
        const verdict = await verifyWitness(cp, latest, consistency, key.publicKey);
        if (!stop) setState({ s: 'done', verdict, cp, latest });
      } catch (e) {
        if (stop) return;
        if (e instanceof ApiError && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION_FAILED')) setState({ s: 'missing' });
        else setState({ s: 'error', error: e });
      }
    };
    void run();
    return () => {
      stop = true;
    };
  }, [size, printedRoot]);

  const title = t('checkpoint.title');
  if (state.s === 'loading') return <Page title={title}>{<Loading />}</Page>;
  if (state.s === 'error') return <Page title={title}>{<ErrorNote error={state.error} />}</Page>;
  const bad = state.s === 'missing' || state.s === 'root-mismatch' || (state.s === 'done' && state.verdict === 'failed');
  const text =
    state.s === 'missing'
      ? t('checkpoint.missing')
      : state.s === 'root-mismatch'
        ? t('checkpoint.rootMismatch')
        : state.verdict === 'verified'
          ? t('checkpoint.ok', { n: state.cp.treeSize })
          : state.verdict === 'path-only'
            ? t('checkpoint.okPath')
            : t('checkpoint.failed');
  return (
    <Page title={title}>
      <p role="status" className={`card big ${bad ? 'error-note' : 'ok-note'}`} data-testid="verdict">
        {text}
      </p>
      <dl className="card" data-testid="checkpoint">
        <dt>{t('size')}</dt>
        <dd>{size}</dd>
        {printedRoot && (
          <>
            <dt>{t('checkpoint.printed')}</dt>
            <dd className="log-hash">{printedRoot}</dd>
          </>
        )}
        {(state.s === 'done' || state.s === 'root-mismatch') && (
          <>
            <dt>{t('root')}</dt>
            <dd className="log-hash">{state.cp.rootHash}</dd>
            <dt>{t('at')}</dt>
            <dd>{state.cp.at}</dd>
          </>
        )}
        {state.s === 'done' && (
          <>
            <dt>{t('keyId')}</dt>
            <dd>{state.cp.keyId}</dd>
            <dd>{t('checkpoint.latest', { n: state.latest.treeSize })}</dd>
          </>
        )}
      </dl>
    </Page>
  );
}
