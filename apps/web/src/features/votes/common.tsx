import type { VoteDetail, VoteSummary } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';

/** A date and time in the reader's language. */
export function useFormatTime() {
  const { i18n } = useTranslation();
  return (iso: string) =>
    new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Open or closed, said in words (not colour alone). */
export function StatusTag({ status }: { status: VoteSummary['status'] }) {
  const { t } = useTranslation('votes');
  return <span className={`vote-tag vote-tag-${status}`}>{t(status)}</span>;
}

/** The label of a choice: yes/no/abstain, or a consultation option. */
export function useChoiceLabel(options: Array<{ key: string; label: string }>) {
  const { t } = useTranslation('votes');
  return (choice: string) => options.find((o) => o.key === choice)?.label ?? t(`choice.${choice}`, { defaultValue: choice });
}

/** The matter and its rule in plain words: quorum, threshold, how owners are counted. */
export function RuleExplainer({ vote }: { vote: Pick<VoteDetail, 'kind' | 'matter'> }) {
  const { t } = useTranslation('votes');
  const rule = vote.matter !== null && vote.matter >= 6 && vote.matter <= 8 ? 'three-quarters' : 'majority';
  return (
    <div className="card vote-rule" data-testid="vote-rule">
      {vote.kind === 'decision' && vote.matter !== null ? (
        <>
          <p className="muted">{t('matterLabel', { n: vote.matter })}</p>
          <p className="big">{t(`matter.${vote.matter}`)}</p>
          <p>{t('rule.quorum')}</p>
          <p>
            <strong>{t(`rule.${rule}`)}</strong>
          </p>
        </>
      ) : (
        <p>{t('rule.consultation')}</p>
      )}
      <p className="muted">{t('rule.counting')}</p>
    </div>
  );
}
