import type { ProjectDetail } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';

/**
 * Staff's list of a project's attachments with whether consent to publish each is recorded: the
 * public page shows only those with it. Recording or withdrawing it is audited.
 */
export function AttachmentConsent({ p, run }: { p: ProjectDetail; run: (fn: () => Promise<ProjectDetail>) => Promise<boolean> }) {
  const { t } = useTranslation('projects');
  if (!p.photos.length) return null;
  return (
    <ul className="list">
      {p.photos.map((ph) => (
        <li key={ph.id} className="list-item pj-follow">
          <span>
            <strong>{t(ph.kind)}</strong> {ph.caption} · {ph.publicConsent ? t('consentYes') : t('consentNo')}
          </span>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() =>
              void run(() =>
                api<ProjectDetail>(`/api/v1/projects/${encodeURIComponent(p.id)}/photos/${encodeURIComponent(ph.id)}/consent`, {
                  method: 'PUT',
                  body: { publicConsent: !ph.publicConsent },
                }),
              )
            }
          >
            {ph.publicConsent ? t('consentWithdraw', { kind: t(ph.kind) }) : t('consentRecord', { kind: t(ph.kind) })}
          </button>
        </li>
      ))}
    </ul>
  );
}
