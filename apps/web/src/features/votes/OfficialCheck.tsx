import type { OfficialReport } from '@lianxin/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { votesApi } from './api';

/** The official figures to check, in the order the printed result gives them. */
const DECLARED_FIGURES = [
  ['participatedOwners', 'staff.declaredOwners', 'numeric'],
  ['participatedArea', 'staff.declaredArea', 'decimal'],
  ['yesOwners', 'staff.yesOwners', 'numeric'],
  ['yesArea', 'staff.yesArea', 'decimal'],
] as const;

/** The label of each figure the server compares ("yes.owners" → 同意人数). */
const FIGURE_LABEL: Record<string, string> = {
  'participated.owners': 'staff.declaredOwners',
  'participated.area': 'staff.declaredArea',
  'yes.owners': 'staff.yesOwners',
  'yes.area': 'staff.yesArea',
  passed: 'staff.outcome',
};

/** Paste the official system's results; see the recount and every disagreement. */
export function OfficialCheck({ voteId }: { voteId: string }) {
  const { t } = useTranslation('votes');
  const [csv, setCsv] = useState('');
  const [declared, setDeclared] = useState({
    participatedOwners: '',
    participatedArea: '',
    yesOwners: '',
    yesArea: '',
    passed: false,
  });
  const [report, setReport] = useState<OfficialReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const outcome = (v: string) => (v === 'true' ? t('results.passed') : t('results.failed'));
  const anyDeclared = DECLARED_FIGURES.some(([key]) => declared[key] !== '');
  const set = (k: keyof typeof declared) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setDeclared({ ...declared, [k]: e.target.value });

  return (
    <details className="card">
      <summary>
        <strong>{t('staff.official')}</strong>
      </summary>
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          setReport(null);
          try {
            setReport(
              await votesApi.officialCheck(voteId, {
                csv,
                ...(anyDeclared
                  ? {
                      declared: {
                        participatedOwners: Number(declared.participatedOwners || 0),
                        participatedArea: declared.participatedArea || '0',
                        yesOwners: Number(declared.yesOwners || 0),
                        yesArea: declared.yesArea || '0',
                        passed: declared.passed,
                      },
                    }
                  : {}),
              }),
            );
          } catch (err) {
            setError(err);
          }
        }}
      >
        <p className="muted">{t('staff.officialHint')}</p>
        <div className="field">
          <label htmlFor="official-csv">{t('staff.csv')}</label>
          <textarea
            name="csv"
            id="official-csv"
            rows={6}
            value={csv}
            onChange={(e) => setCsv(e.target.value)}
            required
            placeholder="1-1-101,同意"
          />
        </div>
        <fieldset className="form">
          <legend>{t('staff.declared')}</legend>
          {DECLARED_FIGURES.map(([key, label, inputMode]) => (
            <Field
              key={key}
              name={`declared.${key}`}
              label={t(label)}
              inputMode={inputMode}
              value={declared[key]}
              onChange={set(key)}
              // The official figures are compared as a whole: one given, all four are asked for.
              required={anyDeclared}
            />
          ))}
          <label>
            <input
              name="declared.passed"
              type="checkbox"
              checked={declared.passed}
              onChange={(e) => setDeclared({ ...declared, passed: e.target.checked })}
            />{' '}
            {t('staff.declaredPassed')}
          </label>
        </fieldset>
        <button type="submit" className="btn">
          {t('staff.check')}
        </button>
      </form>
      <ErrorNote error={error} />
      {report && (
        <div role="status">
          <p>
            {t('staff.recount', {
              owners: report.recount.participated.owners,
              area: report.recount.participated.area,
              yesOwners: report.recount.yes.owners,
              yesArea: report.recount.yes.area,
              passed: report.recount.passed ? t('results.passed') : t('results.failed'),
            })}
          </p>
          {report.agrees ? (
            <p className="ok-note">✓ {t('staff.agrees')}</p>
          ) : (
            <div className="error-note">
              <strong>{t('staff.disagrees')}</strong>
              <ul>
                {report.figureDisagreements.map((d) => (
                  <li key={d.figure}>
                    {t('staff.figure', {
                      figure: t(FIGURE_LABEL[d.figure] ?? d.figure),
                      declared: d.figure === 'passed' ? outcome(d.declared) : d.declared,
                      recount: d.figure === 'passed' ? outcome(d.recount) : d.recount,
                    })}
                  </li>
                ))}
                {report.ballotDisagreements.map((d) => (
                  <li key={d.units.join()}>
                    {t('staff.ballotDiff', {
                      units: d.units.join('、'),
                      official: d.official ? t(`choice.${d.official}`) : t('staff.missing'),
                      lianxin: d.lianxin ? t(`choice.${d.lianxin}`) : t('staff.missing'),
                    })}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </details>
  );
}
