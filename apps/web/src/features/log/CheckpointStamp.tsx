import { type CheckpointDto, checkpointPath } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { Qr } from '../events/Qr';
import './i18n';
import './log.css';

/**
 * The checkpoint a printed 公示 carries (DESIGN.md, "Audit"): size, root, signing time and a QR
 * code of the page that checks the log still holds it. The notice board keeps the witness copy.
 */
export function CheckpointStamp({ checkpoint }: { checkpoint: CheckpointDto | null }) {
  const { t } = useTranslation('log');
  if (!checkpoint)
    return (
      <p className="card" role="status" data-testid="checkpoint-stamp">
        {t('stamp.pending')}
      </p>
    );
  const url = `${window.location.origin}${checkpointPath(checkpoint)}`;
  return (
    <section className="card log-stamp" aria-labelledby="stamp-title" data-testid="checkpoint-stamp">
      <div className="log-stamp-text">
        <h2 id="stamp-title">{t('stamp.title')}</h2>
        <p>{t('stamp.size', { n: checkpoint.treeSize })}</p>
        <p>
          {t('stamp.root')}
          <span className="log-hash">{checkpoint.rootHash}</span>
        </p>
        <p>{t('stamp.at', { at: checkpoint.at })}</p>
        <p className="muted">{t('stamp.hint')}</p>
      </div>
      <div className="log-stamp-qr" data-testid="checkpoint-qr">
        <Qr text={url} label={t('stamp.qr', { n: checkpoint.treeSize })} />
        <p className="muted">{t('stamp.qr', { n: checkpoint.treeSize })}</p>
      </div>
    </section>
  );
}
