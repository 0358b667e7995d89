import { PROXY_CHANNELS } from '@lianxin/shared';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useActing } from './useActing';
import './accounts.css';

interface Person {
  id: string;
  name: string;
  phone: string | null;
  birthYear: number | null;
  tags: string[];
  place: string;
}

/** Staff pick a resident of their subtree and a channel, then act for them. */
export default function ActingForPage() {
  const { t } = useTranslation('accounts');
  const { me, loading } = useSession();
  const navigate = useNavigate();
  const acting = useActing();
  const [q, setQ] = useState('');
  const [people, setPeople] = useState<Person[] | null>(null);
  const [error, setError] = useState<unknown>();
  const [chosen, setChosen] = useState<Person | null>(null);
  const [channel, setChannel] = useState<string>('phone_call');

  const search = useCallback(async (query: string) => {
    setError(undefined);
    try {
      const r = await api<{ items: Person[] }>(`/api/v1/proxy/people?q=${encodeURIComponent(query)}`);
      setPeople(r.items);
    } catch (err) {
      setError(err);
    }
  }, []);

  useEffect(() => {
    if (me) void search('');
  }, [me, search]);

  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/me/acting-for" replace />;

  async function start(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    if (await acting.start(chosen.id, channel)) navigate('/me');
  }

  return (
    <Page title={t('actingPageTitle')}>
      <p>{t('actingPageIntro')}</p>
      <form
        className="form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void search(q.trim());
        }}
      >
        <Field
          label={t('searchLabel')}
          placeholder={t('searchPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          name="q"
        />
        <button type="submit" className="btn btn-secondary btn-block">
          {t('search')}
        </button>
      </form>
      <ErrorNote error={error} />
      {people === null ? (
        <Loading />
      ) : people.length === 0 ? (
        <p className="muted">{t('noPeople')}</p>
      ) : (
        <ul className="list">
          {people.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="list-button person-pick"
                aria-pressed={chosen?.id === p.id}
                onClick={() => setChosen(p)}
              >
                <strong>{p.name}</strong> · {p.place}
                {p.birthYear ? ` · ${p.birthYear}` : ''}
                {p.phone ? <span className="muted"> {p.phone}</span> : null}
                {p.tags.length > 0 && (
                  <span className="role-tags">
                    {p.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen && (
        <form className="form card" onSubmit={start}>
          <p className="big" role="status">
            {t('chosen', { name: chosen.name })}
          </p>
          <fieldset className="choice-list">
            <legend>{t('channelLabel')}</legend>
            {PROXY_CHANNELS.map((c) => (
              <label key={c} className="choice">
                <input type="radio" name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />
                {t(`channel_${c}`)}
              </label>
            ))}
          </fieldset>
          <ErrorNote error={acting.error} />
          <button type="submit" className="btn btn-block" disabled={acting.busy}>
            {t('start')}
          </button>
        </form>
      )}
    </Page>
  );
}
