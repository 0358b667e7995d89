import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useFetch } from '../registry/useFetch';
import './boards.css';

interface Board {
  building: { id: string; name: string };
  compound: { id: string; name: string } | null;
  promises: string[];
  helpLink: string;
  members: Array<{ door: string; name: string | null; phone: string | null }>;
}

const STAFF = [
  'branch_secretary',
  'committee_member',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

/**
 * A building's public 党员承诺牌, laid out to print on one A4 sheet: promises, members (name and
 * phone only with their consent, else the door alone) and a QR code for "ask for help".
 */
export default function BoardPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('boards');
  const { hasRole } = useSession();
  const { data, error } = useFetch<Board>(`/api/v1/boards/buildings/${id}`);
  if (error)
    return (
      <Page title={t('title')}>
        <ErrorNote error={error} />
      </Page>
    );
  if (!data) return <Loading />;
  return (
    <Page
      title={t('title')}
      actions={
        <div className="no-print board-actions">
          <button type="button" className="btn" onClick={() => window.print()}>
            {t('print')}
          </button>
          {hasRole(...STAFF) && (
            <Link className="btn btn-secondary" to={`/boards/buildings/${id}/consents`}>
              {t('consents')}
            </Link>
          )}
        </div>
      }
    >
      <article className="board-sheet" aria-labelledby="board-title">
        <header className="board-header">
          <p className="board-motto">{t('motto')}</p>
          <h2 id="board-title" className="board-title">
            {data.compound?.name} {data.building.name} · {t('title')}
          </h2>
        </header>
        <section aria-labelledby="promises-h">
          <h3 id="promises-h">{t('promises')}</h3>
          <ol className="board-promises">
            {data.promises.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="members-h">
          <h3 id="members-h">{t('members')}</h3>
          {data.members.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <table className="board-table">
              <thead>
                <tr>
                  <th scope="col">{t('door')}</th>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('phone')}</th>
                </tr>
              </thead>
              <tbody>
                {data.members.map((m, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: two unnamed members of one home share a door; the list is static
                  <tr key={`${m.door}-${i}`}>
                    <td>{m.door}</td>
                    <td>{m.name ?? <span className="muted">{t('hidden')}</span>}</td>
                    <td>{m.phone ?? (m.name ? '' : <span className="muted">{t('hidden')}</span>)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <footer className="board-qr">
          <img
            src={`/api/v1/boards/buildings/${encodeURIComponent(data.building.id)}/qr.svg`}
            alt={t('qrAlt')}
            width={132}
            height={132}
          />
          <div>
            <p className="board-qr-title">{t('qr')}</p>
            <Link className="no-print" to={data.helpLink}>
              {t('askHelp')}
            </Link>
          </div>
        </footer>
      </article>
    </Page>
  );
}
