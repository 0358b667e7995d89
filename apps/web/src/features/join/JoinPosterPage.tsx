import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorNote, Loading } from '../../ui/Page';
import { Qr } from '../events/Qr';
import { useFetch } from '../registry/useFetch';
import './join.css';
import { addStrings } from '../../i18n';
import { joinI18n } from './i18n';

addStrings('join', joinI18n);

/** A printable A4 poster for a compound's notice board: a QR code to its join page and how to join. */
export default function JoinPosterPage() {
  const { t } = useTranslation('join');
  const { id = '' } = useParams();
  const compound = useFetch<{ id: string; name: string; community: string | null }>(
    `/api/v1/public/compounds/${encodeURIComponent(id)}`,
  );
  if (compound.error) return <ErrorNote error={compound.error} />;
  if (!compound.data) return <Loading />;
  const url = `${window.location.origin}/join?compound=${encodeURIComponent(id)}`;
  return (
    <article className="join-poster" data-testid="join-poster">
      <h1>{t('posterTitle', { name: compound.data.name })}</h1>
      <p className="join-poster-lead">{t('posterLead')}</p>
      <Qr text={url} label={t('posterQr', { name: compound.data.name })} />
      <ol>
        <li>{t('posterStep1')}</li>
        <li>{t('posterStep2')}</li>
        <li>{t('posterStep3')}</li>
      </ol>
      <p className="muted">{url}</p>
      <button type="button" className="btn no-print" onClick={() => window.print()}>
        {t('print')}
      </button>
    </article>
  );
}
