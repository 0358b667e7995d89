import { type InputHTMLAttributes, type ReactNode, type Ref, useEffect, useId } from 'react';
import { focusAfterSubmit } from './fieldErrors';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string;
  hint?: ReactNode;
  /** The input element (React 19 passes refs as props), e.g. to focus it again. */
  ref?: Ref<HTMLInputElement>;
}

/**
 * A labelled input whose error is announced and written out, not only coloured. With a `name`
 * that a validation error names (the API's field path), the error note marks it (fieldErrors.tsx).
 */
export function Field({ label, error, hint, ...input }: FieldProps) {
  const id = useId();
  const errId = `${id}-err`;
  useEffect(() => {
    if (error) focusAfterSubmit(document.getElementById(id));
  }, [error, id]);
  const hintId = `${id}-hint`;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined}
        {...input}
      />
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errId} className="field-error">
          ⚠ {error}
        </p>
      )}
    </div>
  );
}
