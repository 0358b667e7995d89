import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { SearchBox } from './SearchBox';
import type { NodeDetail, NodeSummary } from './types';
import { useFetch } from './useFetch';
import './registry.css';

/** The registry browser: the caller's part of the tree, counts, search, and (for staff) editing. */
export default function RegistryPage() {
  const { id } = useParams();
  const { t } = useTranslation('registry');
  const navigate = useNavigate();
  const roots = useFetch<{ nodes: NodeSummary[] }>(id ? null : '/api/v1/registry/roots');

  // One root: open it straight away.
  useEffect(() => {
    const only = roots.data?.nodes.length === 1 ? roots.data.nodes[0] : undefined;
    if (!id && only) navigate(`/registry/nodes/${only.id}`, { replace: true });
  }, [id, roots.data, navigate]);

  if (id) return <NodeView id={id} />;
  // Until the roots arrive we do not know whether this page is about to redirect, and a search
  // box typed into now would be thrown away by the redirect.
  const settled = roots.error || (roots.data && roots.data.nodes.length !== 1);
  return (
    <Page title={t('title')}>
      {settled && <SearchBox />}
      <ErrorNote error={roots.error} />
      {!settled && !roots.error && <Loading />}
      <ul className="list">
        {roots.data?.nodes.map((n) => (
          <li key={n.id}>
            <Link className="list-button" to={`/registry/nodes/${n.id}`}>
              {n.name} <span className="muted">{t(`kinds.${n.kind}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}

function childLink(n: NodeSummary): string {
  return n.kind === 'building' ? `/registry/buildings/${n.id}` : `/registry/nodes/${n.id}`;
}

function NodeView({ id }: { id: string }) {
  const { t } = useTranslation('registry');
  const { data, error, reload } = useFetch<NodeDetail>(`/api/v1/registry/nodes/${id}`);
  if (error)
    return (
      <Page title={t('title')}>
        <ErrorNote error={error} />
      </Page>
    );
  if (!data) return <Loading />;
  return (
    <Page title={data.name}>
      <nav aria-label={t('title')}>
        <ol className="crumbs">
          <li>
            <Link to="/registry">{t('title')}</Link>
          </li>
          {data.ancestors.map((a) => (
            <li key={a.id}>
              <Link to={`/registry/nodes/${a.id}`}>{a.name}</Link>
            </li>
          ))}
        </ol>
      </nav>
      <p className="counts">
        <span>{t('households', { n: data.households })}</span>
        <span>{t('residents', { n: data.residents })}</span>
      </p>
      <SearchBox nodeId={data.id} />
      {data.kind === 'compound' && <CompoundLinks id={data.id} canEdit={data.canEdit} />}
      {data.children.length > 0 && (
        <>
          <h2>{t('children')}</h2>
          <ul className="list">
            {data.children.map((c) => (
              <li key={c.id}>
                <Link className="list-button" to={childLink(c)}>
                  {c.name} <span className="muted">{t(`kinds.${c.kind}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {data.canEdit && data.childKind && <AddChild parentId={data.id} kind={data.childKind} onAdded={reload} />}
    </Page>
  );
}

function CompoundLinks({ id, canEdit }: { id: string; canEdit: boolean }) {
  const { t } = useTranslation('registry');
  return (
    <section className="card" aria-labelledby="compound-links">
      <h2 id="compound-links">{t('compoundLinks')}</h2>
      <div className="link-grid">
        <Link className="btn btn-secondary" to={`/registry/compounds/${id}/org`}>
          {t('org')}
        </Link>
        <Link className="btn btn-secondary" to={`/boards/compounds/${id}`}>
          {t('boards')}
        </Link>
        <Link className="btn btn-secondary" to={`/stations?compound=${id}`}>
          {t('stations')}
        </Link>
        <Link className="btn btn-secondary" to={`/join/poster/${id}`}>
          {t('joinPoster')}
        </Link>
        {canEdit && (
          <>
            <Link className="btn" to={`/import?compound=${id}`}>
              {t('import')}
            </Link>
            <a className="btn btn-secondary" href={`/api/v1/registry/compounds/${id}/export?format=csv`} download>
              {t('exportCsv')}
            </a>
            <a className="btn btn-secondary" href={`/api/v1/registry/compounds/${id}/export?format=xlsx`} download>
              {t('exportXlsx')}
            </a>
          </>
        )}
      </div>
    </section>
  );
}

function AddChild({ parentId, kind, onAdded }: { parentId: string; kind: string; onAdded: () => void }) {
  const { t } = useTranslation('registry');
  const [name, setName] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [error, setError] = useState<unknown>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setFieldError(undefined);
    try {
      await api('/api/v1/registry/nodes', { method: 'POST', body: { parentId, name: name.trim() } });
      setName('');
      onAdded();
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors().name !== undefined) setFieldError(err.fieldErrors().name || err.message);
      else setError(err);
    }
  }
  const label = t('addChild', { kind: t(`kinds.${kind}`) });
  return (
    <form className="card inline-form" onSubmit={submit} aria-label={label}>
      <Field
        name="name"
        label={label}
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={40}
        error={fieldError}
      />
      <button className="btn" type="submit">
        {t('add')}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
