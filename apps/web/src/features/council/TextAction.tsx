import { useId, useState } from 'react';

/** A labelled text box with one button: answers, reasons, comments, notes. `onSubmit` resolving false keeps the text. */
export function TextAction({
  label,
  button,
  onSubmit,
  required = true,
  multiline = false,
  name,
}: {
  label: string;
  button: string;
  onSubmit: (text: string) => Promise<unknown>;
  required?: boolean;
  multiline?: boolean;
  /** The field of the request body the text goes to, so a validation error marks this box. */
  name: string;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          // A refused text stays in the box, marked, to be corrected rather than typed again.
          if ((await onSubmit(text.trim())) !== false) setText('');
        } finally {
          setBusy(false);
        }
      }}
    >
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {multiline ? (
          <textarea id={id} name={name} rows={3} value={text} onChange={(e) => setText(e.target.value)} required={required} />
        ) : (
          <input id={id} name={name} value={text} onChange={(e) => setText(e.target.value)} required={required} />
        )}
      </div>
      <button type="submit" className="btn btn-secondary" disabled={busy || (required && !text.trim())}>
        {button}
      </button>
    </form>
  );
}
