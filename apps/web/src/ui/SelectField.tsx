import { type ReactNode, type SelectHTMLAttributes, useEffect, useId } from 'react';
import { focusAfterSubmit } from './fieldErrors';

export interface SelectOption {
  value: string;
  label: ReactNode;
  /** Where two choices share a value (one node reached through two roles). */
  key?: string;
}
interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: SelectOption[];
  /** The first, empty choice ("none" or nothing picked yet); left out when undefined. */
  blank?: ReactNode;
  /** Keep the label for screen readers only (a select inside a row of actions). */
  hideLabel?: boolean;
  /** Written out under the select and announced with it, as `Field` does. */
  error?: string;
}

/** A labelled select: the `Field` of choices. Pass `id` where a stable one is wanted. */
export function SelectField({ label, value, onChange, options, blank, hideLabel, error, id, ...select }: SelectFieldProps) {
  const auto = useId();
  const selectId = id ?? auto;
  const errId = `${selectId}-err`;
  useEffect(() => {
    if (error) focusAfterSubmit(document.getElementById(selectId));
  }, [error, selectId]);
  const control = (
    <select
      id={selectId}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? errId : undefined}
      {...select}
    >
      {blank !== undefined && <option value="">{blank}</option>}
      {options.map((o) => (
        <option key={o.key ?? o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  if (hideLabel)
    return (
      <>
        <label htmlFor={selectId} className="sr-only">
          {label}
        </label>
        {control}
      </>
    );
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={selectId}>{label}</label>
      {control}
      {error && (
        <p id={errId} className="field-error">
          ⚠ {error}
        </p>
      )}
    </div>
  );
}
