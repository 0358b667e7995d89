import { fenToYuan } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';

/** The running total of ticked proposals against the pot, in words (never colour alone). */
export function RunningTotal({ totalFen, potFen }: { totalFen: number; potFen: number }) {
  const { t } = useTranslation('budgets');
  const over = totalFen - potFen;
  return (
    <p className={over > 0 ? 'bg-over' : 'bg-total'} role="status" aria-live="polite">
      {over > 0
        ? t('overBudget', { over: fenToYuan(over) })
        : t('chosen', { chosen: fenToYuan(totalFen), left: fenToYuan(-over) })}
    </p>
  );
}
