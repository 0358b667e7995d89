import { useTranslation } from 'react-i18next';
import { dismissEntry, useOnline, useOutbox } from '../lib/offline';

/** On every page: "离线" when there is no network, "待上传 N 条", and any write the server refused. */
export function OfflineBar({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  const online = useOnline();
  const entries = useOutbox(signedIn);
  const pending = entries.filter((e) => e.state === 'pending');
  const conflicts = entries.filter((e) => e.state === 'conflict');
  if (online && !entries.length) return null;
  return (
    <div className="offline-bar">
      {!online && (
        <p className="offline-banner" role="status" data-testid="offline-banner">
          {t('offline.banner')}
        </p>
      )}
      {pending.length > 0 && (
        <p className="offline-banner" data-testid="outbox-pending">
          {t('offline.pending', { count: pending.length })}
        </p>
      )}
      {conflicts.map((c) => (
        <div key={c.key} className="error-note" role="alert" data-testid="outbox-conflict">
          <span>{t('offline.conflict', { label: c.label, message: c.message ?? '' })}</span>
          <button type="button" className="btn btn-secondary" onClick={() => void dismissEntry(c.key)}>
            {t('offline.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
