import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';
import { ErrorNote } from './Page';

/** A field of the form as the user filled it in, shown beside the latest version after a conflict. */
export interface DraftField {
  label: string;
  value: string;
}

/** The server refused a save because the record changed since the form was loaded (ADR 0002). */
export function isEditConflict(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'EDIT_CONFLICT';
}

/**
 * A save's error. For 409 EDIT_CONFLICT: the server's message, what the user entered, and a
 * "load the latest" button; once pressed the form shows the latest version and the user's own
 * entries stay listed here to compare. Any other error is an ordinary ErrorNote.
 */
export function EditConflictNote(props: { error: unknown; draft: DraftField[]; onLoadLatest(): void }) {
  const { t } = useTranslation('editConflict');
  const { error, draft } = props;
  // The conflict whose latest version has been loaded; a new save's answer replaces the error.
  const [loadedFor, setLoadedFor] = useState<unknown>(null);
  const [kept, setKept] = useState<DraftField[]>([]);
  if (!isEditConflict(error)) return <ErrorNote error={error} />;
  const loaded = loadedFor === error;
  const shown = loaded ? kept : draft;
  return (
    <div className={loaded ? 'ok-note edit-conflict' : 'error-note edit-conflict'} role={loaded ? 'status' : 'alert'}>
      <p>{loaded ? t('loaded') : error.message}</p>
      {shown.length > 0 && (
        <>
          {!loaded && <p>{t('yours')}</p>}
          <dl className="edit-conflict-draft" data-testid="edit-conflict-draft">
            {shown.map((f) => (
              <div key={f.label}>
                <dt>{f.label}</dt>
                <dd>{f.value || t('empty')}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {!loaded && (
        <button
          type="button"
          className="btn"
          onClick={() => {
            setKept(draft);
            setLoadedFor(error);
            props.onLoadLatest();
          }}
        >
          {t('loadLatest')}
        </button>
      )}
    </div>
  );
}
