import { type ReactNode, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../lib/api';
import { usePublishedFieldErrors } from './fieldErrors';

/** A page with one h1; every page uses it so headings and spacing stay consistent. */
export function Page({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="page">
      <div className="page-head">
        <h1>{title}</h1>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/**
 * An error said in words (never colour alone), with the server's message in the user's language;
 * a validation error also lists the fields it names and marks them (fieldErrors.tsx).
 */
export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const note = useRef<HTMLDivElement>(null);
  const fields = usePublishedFieldErrors(error, note);
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : t('common.error');
  return (
    <div className="error-note" role="alert" ref={note}>
      <strong>{t('common.error')}：</strong>
      {message}
      {fields.length > 0 && (
        <ul className="error-fields">
          {fields.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** A success said in words and announced: "✓ saved". */
export function OkNote({ show, children }: { show: boolean; children: ReactNode }) {
  if (!show) return null;
  return (
    <p className="ok-note" role="status">
      {children}
    </p>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('common.notFound')}>
      <Link className="btn" to="/">
        {t('common.goHome')}
      </Link>
    </Page>
  );
}
