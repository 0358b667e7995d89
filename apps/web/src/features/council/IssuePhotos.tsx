import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * An issue's photos as thumbnails sized for a phone (three across, two in large text). Tapping
 * one shows it at full width in place, below the thumbnails; no pop-up, nothing to swipe.
 */
export function IssuePhotos({ urls, title }: { urls: string[]; title: string }) {
  const { t } = useTranslation('council');
  const [open, setOpen] = useState<number | null>(null);
  if (urls.length === 0) return null;
  const count = urls.length;
  const alt = (i: number) => t('photos.alt', { n: i + 1, count, title });
  const shown = open !== null && open < count ? open : null;
  return (
    <div className="council-gallery">
      <ul className="council-gallery-grid" aria-label={t('photos.label', { count })}>
        {urls.map((u, i) => (
          <li key={u}>
            <button
              type="button"
              className="council-thumb"
              aria-expanded={shown === i}
              aria-controls="council-photo-large"
              onClick={() => setOpen(shown === i ? null : i)}
            >
              <img src={u} alt={alt(i)} width={120} height={120} loading="lazy" decoding="async" />
            </button>
          </li>
        ))}
      </ul>
      <p className="muted council-gallery-hint">{t('photos.hint')}</p>
      <div id="council-photo-large">
        {shown !== null && (
          <figure className="council-photo-large">
            <img src={urls[shown]} alt={alt(shown)} />
            <figcaption>
              <span className="muted">{t('photos.enlarged', { n: shown + 1 })}</span>
              <button type="button" className="btn btn-secondary" onClick={() => setOpen(null)}>
                {t('photos.close')}
              </button>
            </figcaption>
          </figure>
        )}
      </div>
    </div>
  );
}
