import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { useFetch } from '../registry/useFetch';
import { joinI18n } from './i18n';

addStrings('join', joinI18n);

interface JoinRequest {
  id: string;
  name: string;
  phone: string;
  relation: 'owner' | 'tenant' | 'family';
  createdAt: string;
  compoundId: string;
  compoundName: string;
  address: string;
  candidates: Array<{ id: string; name: string; phone: string | null; birthYear: number | null; hasAccount: boolean }>;
}

/** Staff approve a newcomer's join request: matched to a person registered at that door, or as a new one. */
export default function JoinRequestsPage() {
  const { t } = useTranslation('join');
  const list = useFetch<{ requests: JoinRequest[] }>('/api/v1/registry/join-requests');
  if (!list.data && !list.error) return <Loading />;
  return (
    <Page title={t('requestsTitle')}>
      <ErrorNote error={list.error} />
      {list.data?.requests.length === 0 && <p data-testid="no-join-requests">{t('none')}</p>}
      <ul className="list">
        {list.data?.requests.map((r) => (
          <Request key={r.id} r={r} onDone={list.reload} />
        ))}
      </ul>
    </Page>
  );
}

function Request({ r, onDone }: { r: JoinRequest; onDone: () => void }) {
  const { t } = useTranslation('join');
  const free = r.candidates.filter((c) => !c.hasAccount);
  const [match, setMatch] = useState(free.find((c) => c.name === r.name)?.id ?? '');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function decide(action: 'approve' | 'reject') {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/registry/join-requests/${r.id}/${action}`, {
        method: 'POST',
        body: action === 'approve' ? { personId: match || null } : {},
      });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card" data-testid="join-request">
      <h2>
        {r.name} <span className="muted">{r.phone}</span>
      </h2>
      <p>
        {r.compoundName} {r.address} · {t(`relations.${r.relation}`)}
      </p>
      <SelectField
        name="personId"
        label={t('matchLabel')}
        value={match}
        onChange={setMatch}
        options={[
          { value: '', label: t('newPerson') },
          ...free.map((c) => ({
            value: c.id,
            label: `${c.name}${c.birthYear ? `（${c.birthYear}）` : ''}${c.phone ? ` ${c.phone}` : ''}`,
          })),
        ]}
      />
      <ErrorNote error={error} />
      <div className="actions">
        <button type="button" className="btn" disabled={busy} onClick={() => decide('approve')}>
          {t('approve')}
        </button>
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => decide('reject')}>
          {t('reject')}
        </button>
      </div>
    </li>
  );
}
