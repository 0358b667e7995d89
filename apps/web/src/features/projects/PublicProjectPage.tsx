import type { CheckpointDto, ProjectDetail } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useApi } from '../dashboard/useApi';
import { CheckpointStamp } from '../log/CheckpointStamp';
import { ProjectView } from './ProjectView';
import './projects.css';

/** The public disclosure page of a published project: anyone may read it, no sign-in. */
export default function PublicProjectPage() {
  const { t } = useTranslation('projects');
  const { id } = useParams();
  const { data, error } = useApi<ProjectDetail>(id ? `/api/v1/public/projects/${encodeURIComponent(id)}` : null);
  // The printed disclosure carries the log's latest signed checkpoint: the one it was made under.
  const checkpoint = useApi<CheckpointDto>('/api/v1/log/checkpoint').data ?? null;
  return (
    <Page title={data ? data.title : t('publicTitle')}>
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <p className="muted">
            {t('publicTitle')} · {data.nodeName}
          </p>
          <ProjectView p={data} />
          <CheckpointStamp checkpoint={checkpoint} />
        </>
      )}
    </Page>
  );
}
