import { PROXY_CHANNELS } from '@lianxin/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { ErrorNote } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';

/**
 * Staff reset a resident's password for her (an elder who phoned, came in, or was visited): a
 * one-time password shown once, to pass on; she chooses her own at the next sign-in.
 */
export function ResetPasswordSection({ personId }: { personId: string }) {
  const { t } = useTranslation('accounts');
  const { hasRole } = useSession();
  const [channel, setChannel] = useState<string>('walk_in');
  const [oneTime, setOneTime] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (!hasRole('community_worker', 'branch_secretary')) return null;

  async function reset() {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ oneTimePassword: string }>(`/api/v1/people/${personId}/password-reset`, {
        method: 'POST',
        body: { channel },
      });
      setOneTime(r.oneTimePassword);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="reset-pw-h">
      <h2 id="reset-pw-h">{t('staffResetTitle')}</h2>
      <p className="field-hint">{t('staffResetHint')}</p>
      <SelectField
        name="channel"
        label={t('channelLabel')}
        value={channel}
        onChange={setChannel}
        options={PROXY_CHANNELS.map((c) => ({ value: c, label: t(`channel_${c}`) }))}
      />
      <ErrorNote error={error} />
      {oneTime ? (
        <p className="ok-note" role="status">
          {t('staffResetDone')} <strong data-testid="one-time-password">{oneTime}</strong>
        </p>
      ) : (
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={reset}>
          {t('staffResetButton')}
        </button>
      )}
    </section>
  );
}
