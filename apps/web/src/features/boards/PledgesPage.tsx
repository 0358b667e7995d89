import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useFetch } from '../registry/useFetch';
import './boards.css';
import './pledges.i18n';

interface Cards {
  compound: { id: string; name: string };
  members: Array<{
    personId: string;
    name: string;
    branch: string | null;
    door: string;
    lines: string[];
    own: boolean;
    hasPhoto: boolean;
    consent: boolean;
  }>;
  printable: number;
}

/** Staff: every pledge card of a compound, each editable, and all of them in one PDF. */
export default function PledgesPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('pledges');
  const { t: tb } = useTranslation('boards');
  const { data, error } = useFetch<Cards>(`/api/v1/boards/compounds/${encodeURIComponent(id)}/pledges`);
  if (error)
    return (
      <Page title={t('list')}>
        <ErrorNote error={error} />
      </Page>
    );
  if (!data) return <Loading />;
  return (
    <Page title={`${data.compound.name} · ${t('list')}`}>
      <p>{t('listIntro', { total: data.members.length, printable: data.printable })}</p>
      {data.printable > 0 ? (
        <p>
          <a
            className="btn"
            href={`/api/v1/boards/compounds/${encodeURIComponent(id)}/pledges.pdf`}
            target="_blank"
            rel="noreferrer"
          >
            {t('print')}
          </a>
        </p>
      ) : (
        <p className="field-hint">{t('nonePrintable')}</p>
      )}
      <ul className="list">
        {data.members.map((m) => (
          <li key={m.personId} className="list-item">
            <p>
              <strong>{m.name}</strong> {m.door} <span className="muted">{m.branch}</span>
            </p>
            <p className={m.consent ? 'consent-on' : 'consent-off'}>
              {m.consent ? `✓ ${tb('given')}` : `✗ ${tb('withdrawn')}`} · {m.own ? t('own') : t('standardShort')}
              {m.hasPhoto ? ` · ${t('hasPhoto')}` : ''}
            </p>
            <p>{m.lines.join(' / ')}</p>
            <Link to={`/boards/pledges/${m.personId}`} aria-label={`${t('edit')} ${m.name}`}>
              {t('edit')}
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}
