import { type BudgetPaperSheet, fenToYuan } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { addStrings } from '../../i18n';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useApi } from '../dashboard/useApi';
import { Qr } from '../events/Qr';
import '../votes/paper.css';
import '../votes/paper.i18n';
import '../votes/votes.css';
import { beijing } from './beijing';
import { budgetsI18n } from './i18n';
import './budgets.css';

addStrings('budgets', budgetsI18n);

/** The printable 自治金 ballots: one per household, its QR code opening it for keying, a box per proposal. */
export default function BudgetPaperSheetPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('budgets');
  const tp = useTranslation('votesPaper').t;
  const { data: sheet, error } = useApi<BudgetPaperSheet>(`/api/v1/budgets/${encodeURIComponent(id)}/paper-sheet`);
  if (!sheet) return <Page title={t('paper.sheetTitle')}>{error ? <ErrorNote error={error} /> : <Loading />}</Page>;
  const b = sheet.budget;
  const keyUrl = (code: string) =>
    `${window.location.origin}/budgets/${encodeURIComponent(b.id)}/keying?code=${encodeURIComponent(code)}`;
  return (
    <Page title={`${t('paper.sheetTitle')}：${b.title}`}>
      <div className="no-print vote-actions">
        <Link to={`/budgets/${b.id}`}>← {b.title}</Link>
        <button type="button" className="btn" onClick={() => window.print()}>
          {tp('print')}
        </button>
      </div>
      <p className="muted no-print">{t('paper.sheetHint')}</p>
      <div className="paper-sheet" data-testid="paper-sheet">
        {sheet.units.map((u) => (
          <article key={u.code} className="paper-ballot" data-testid="paper-ballot">
            <h2>
              {u.compoundName} · {b.title}
            </h2>
            <div className="paper-ballot-body">
              <div className="paper-ballot-text">
                <p>
                  <strong>{t('paper.household', { unit: u.unit })}</strong>
                </p>
                {b.votingClosesAt && <p>{t('closesAt', { at: beijing(b.votingClosesAt) })}</p>}
                <p className="muted">{t('paper.tick', { pot: fenToYuan(b.potFen) })}</p>
                <ul className="paper-boxes bg-paper-boxes">
                  {sheet.proposals.map((p) => (
                    <li key={p.seq}>{t('paper.item', { seq: p.seq, title: p.title, amount: fenToYuan(p.costFen) })}</li>
                  ))}
                </ul>
                <p className="paper-sign">{t('paper.signature')}</p>
                <p className="paper-code">{tp('codeLabel', { code: u.code })}</p>
              </div>
              <div className="paper-ballot-qr">
                <Qr text={keyUrl(u.code)} label={tp('qrLabel', { unit: u.unit })} />
              </div>
            </div>
          </article>
        ))}
      </div>
    </Page>
  );
}
