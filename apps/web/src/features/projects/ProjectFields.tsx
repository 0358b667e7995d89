import { fenToYuan, PROJECT_STATUSES, type ProjectDetail, yuanToFen } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';

/** What the project form holds: amounts as typed (yuan), turned into fen on save. */
export interface ProjectFieldsState {
  title: string;
  summary: string;
  contractor: string;
  status: string;
  progress: string;
  startedOn: string;
  finishedOn: string;
  funding: Array<{ source: string; amount: string }>;
}

export const EMPTY_PROJECT: ProjectFieldsState = {
  title: '',
  summary: '',
  contractor: '',
  status: 'planned',
  progress: '0',
  startedOn: '',
  finishedOn: '',
  funding: [{ source: '', amount: '' }],
};

export function projectFields(p: ProjectDetail): ProjectFieldsState {
  return {
    title: p.title,
    summary: p.summary,
    contractor: p.contractor,
    status: p.status,
    progress: String(p.progress),
    startedOn: p.startedOn ?? '',
    finishedOn: p.finishedOn ?? '',
    funding: p.funding.map((f) => ({ source: f.source, amount: fenToYuan(f.amountFen).replaceAll(',', '') })),
  };
}

/**
 * The request body of the form's fields, or the fields (API paths) whose entry is not an amount.
 * Blank funding rows are left out; a row with an amount but no source is sent (the API names it).
 */
export function projectBody(
  f: ProjectFieldsState,
  invalid: string,
): { body: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const funding = f.funding
    .map((row, i) => ({ row, i }))
    .filter(({ row }) => row.source.trim() || row.amount.trim())
    .map(({ row, i }) => {
      const fen = yuanToFen(row.amount || '0');
      if (fen === null) errors[`funding.${i}.amountFen`] = invalid;
      return { source: row.source, amountFen: fen ?? 0 };
    });
  return {
    errors,
    body: {
      title: f.title,
      summary: f.summary,
      contractor: f.contractor,
      status: f.status,
      progress: Number(f.progress),
      startedOn: f.startedOn || null,
      finishedOn: f.finishedOn || null,
      funding,
    },
  };
}

/** Every field of a project (施工单位, funding sources, dates, summary …), for creating and editing. */
export function ProjectFields({
  value,
  onChange,
  errors,
}: {
  value: ProjectFieldsState;
  onChange: (v: ProjectFieldsState) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('projects');
  const set = <K extends keyof ProjectFieldsState>(k: K, v: ProjectFieldsState[K]) => onChange({ ...value, [k]: v });
  const setRow = (i: number, row: { source: string; amount: string }) =>
    set(
      'funding',
      value.funding.map((r, j) => (j === i ? row : r)),
    );
  return (
    <>
      <Field
        name="title"
        label={t('projectTitle')}
        value={value.title}
        onChange={(e) => set('title', e.target.value)}
        required
        maxLength={120}
        error={errors.title}
      />
      <div className={`field${errors.summary ? ' field-invalid' : ''}`}>
        <label htmlFor="pj-summary">{t('summary')}</label>
        <textarea
          name="summary"
          id="pj-summary"
          rows={3}
          maxLength={4000}
          value={value.summary}
          onChange={(e) => set('summary', e.target.value)}
        />
      </div>
      <Field
        name="contractor"
        label={t('contractor')}
        value={value.contractor}
        onChange={(e) => set('contractor', e.target.value)}
        maxLength={120}
        error={errors.contractor}
      />
      <SelectField
        name="status"
        id="pj-status"
        label={t('status')}
        value={value.status}
        onChange={(v) => set('status', v)}
        options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
      />
      <Field
        name="progress"
        label={t('field.progress')}
        type="number"
        min={0}
        max={100}
        value={value.progress}
        onChange={(e) => set('progress', e.target.value)}
        error={errors.progress}
      />
      <div className="pj-dates">
        <Field
          name="startedOn"
          label={t('field.startedOn')}
          type="date"
          value={value.startedOn}
          onChange={(e) => set('startedOn', e.target.value)}
          error={errors.startedOn}
        />
        <Field
          name="finishedOn"
          label={t('field.finishedOn')}
          type="date"
          value={value.finishedOn}
          onChange={(e) => set('finishedOn', e.target.value)}
          error={errors.finishedOn}
        />
      </div>
      <fieldset className="pj-funding-edit">
        <legend>{t('funding')}</legend>
        {value.funding.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; they are edited in place
          <div className="pj-funding-row" key={i}>
            <Field
              name={`funding.${i}.source`}
              label={t('fundingSource', { n: i + 1 })}
              value={row.source}
              onChange={(e) => setRow(i, { ...row, source: e.target.value })}
              maxLength={100}
              error={errors[`funding.${i}.source`]}
            />
            <Field
              name={`funding.${i}.amountFen`}
              label={t('fundingAmount', { n: i + 1 })}
              value={row.amount}
              inputMode="decimal"
              onChange={(e) => setRow(i, { ...row, amount: e.target.value })}
              error={errors[`funding.${i}.amountFen`]}
            />
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() =>
                set(
                  'funding',
                  value.funding.filter((_, j) => j !== i),
                )
              }
            >
              {t('removeFunding', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => set('funding', [...value.funding, { source: '', amount: '' }])}
        >
          {t('addFunding')}
        </button>
      </fieldset>
    </>
  );
}
