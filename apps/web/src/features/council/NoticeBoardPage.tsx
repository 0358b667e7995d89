import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import './council.css';

interface Board {
  compoundName: string;
  decisions: Array<{
    id: string;
    text: string;
    issueTitle: string | null;
    adopted: boolean;
    noticeFrom: string;
    noticeUntil: string;
    noticeState: string;
  }>;
}

/** The compound's public notice board (公示栏): every council decision with its notice period. */
export default function NoticeBoardPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('council');
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Board>(`/api/v1/public/council/compounds/${encodeURIComponent(id)}/decisions`).then(setBoard, setError);
  }, [id]);
  if (!board) return <Page title={t('notice.board')}>{error ? <ErrorNote error={error} /> : <Loading />}</Page>;
  return (
    <Page title={`${board.compoundName} · ${t('notice.board')}`}>
      {board.decisions.length === 0 && <p className="muted">{t('notice.none')}</p>}
      <ul className="list">
        {board.decisions.map((d) => (
          <li key={d.id} className="list-item">
            <Link className="council-item" to={`/council/decisions/${d.id}`}>
              <span className="council-item-title">{d.issueTitle ?? d.text}</span>
              <span className="council-meta">
                <strong>{t(`notice.state.${d.noticeState}`)}</strong>
                <span>{t('notice.period', { from: d.noticeFrom, until: d.noticeUntil })}</span>
                <span>{d.adopted ? t('meeting.adopted') : t('meeting.rejected')}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}
