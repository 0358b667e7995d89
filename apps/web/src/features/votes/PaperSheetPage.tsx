import type { PaperSheet } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { Qr } from '../events/Qr';
import { votesApi } from './api';
import { useChoiceLabel, useFormatTime } from './common';
import './paper.i18n';
import './paper.css';
import './votes.css';

/** The printable paper ballots: one per unit, each with its QR code that opens it for keying. */
export default function PaperSheetPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('votesPaper');
  const tv = useTranslation('votes').t;
  const fmt = useFormatTime();
  const [sheet, setSheet] = useState<PaperSheet | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setSheet(await votesApi.sheet(id));
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  const label = useChoiceLabel(sheet?.options ?? []);
  if (!sheet) return <Page title={t('sheetTitle')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;
  const v = sheet.vote;
  const choices = v.kind === 'decision' ? ['yes', 'no', 'abstain'] : sheet.options.map((o) => o.key);
  const keyUrl = (code: string) =>
    `${window.location.origin}/votes/${encodeURIComponent(v.id)}/keying?code=${encodeURIComponent(code)}`;

  return (
    <Page title={`${t('sheetTitle')}：${v.title}`}>
      <div className="no-print vote-actions">
        <Link to={`/votes/${v.id}`}>← {v.title}</Link>
        <button type="button" className="btn" onClick={() => window.print()}>
          {t('print')}
        </button>
      </div>
      <p className="muted no-print">{t('sheetHint')}</p>
      <div className="paper-sheet" data-testid="paper-sheet">
        {sheet.units.map((u) => (
          <article key={u.unit} className="paper-ballot" data-testid="paper-ballot">
            <h2>
              {v.compoundName} · {v.title}
            </h2>
            {v.matter !== null && <p className="muted">{tv(`matter.${v.matter}`)}</p>}
            <div className="paper-ballot-body">
              <div className="paper-ballot-text">
                <p>
                  <strong>{t('unit', { unit: u.unit })}</strong> · {t('area', { area: u.area })}
                </p>
                <p>{t('deadline', { time: fmt(v.closesAt) })}</p>
                <p className="muted">{t('tick')}</p>
                <ul className="paper-boxes">
                  {choices.map((c) => (
                    <li key={c}>{label(c)}</li>
                  ))}
                </ul>
                <p className="paper-sign">{t('signature')}</p>
                <p className="paper-code">{t('codeLabel', { code: u.code })}</p>
              </div>
              <div className="paper-ballot-qr">
                <Qr text={keyUrl(u.code)} label={t('qrLabel', { unit: u.unit })} />
              </div>
            </div>
          </article>
        ))}
      </div>
    </Page>
  );
}
