import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';

interface HelpLines {
  duty: { nodeId: string; nodeName: string; name: string; phone: string } | null;
  volunteers: Array<{ personId: string; name: string; phone: string }>;
}

/**
 * 我要求助 first and largest, then 一键呼叫: the duty phone of the resident's community (or
 * compound) and the paired volunteers who agreed to be called — plain `tel:` links, so a basic
 * phone's dialler opens with one tap.
 */
export function HelpPanel({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  const [lines, setLines] = useState<HelpLines | null>(null);
  useEffect(() => {
    if (!signedIn) return;
    api<HelpLines>('/api/v1/help/lines').then(setLines, () => setLines(null));
  }, [signedIn]);
  return (
    <section className="help-panel" aria-labelledby="help-ask">
      <Link to={signedIn ? '/orders/new' : '/login'} className="help-ask" data-testid="help-ask">
        <span className="help-ask-icon" aria-hidden="true">
          助
        </span>
        <span>
          <span id="help-ask" className="help-ask-title">
            {t('help.ask')}
          </span>
          <span className="help-ask-hint">{signedIn ? t('help.askHint') : t('help.signInToAsk')}</span>
        </span>
      </Link>
      {signedIn && lines && (
        <div className="help-calls" data-testid="help-calls">
          <h2 className="help-calls-title">{t('help.callTitle')}</h2>
          {lines.duty ? (
            <a className="help-call" href={`tel:${lines.duty.phone}`} data-testid="call-duty">
              <span aria-hidden="true">☎</span>
              <span>
                {t('help.callDuty', { name: lines.duty.name })}
                <span className="help-call-number">{lines.duty.phone}</span>
              </span>
            </a>
          ) : (
            <p className="muted">{t('help.noLines')}</p>
          )}
          {lines.volunteers.map((v) => (
            <a key={v.personId} className="help-call" href={`tel:${v.phone}`} data-testid="call-volunteer">
              <span aria-hidden="true">☎</span>
              <span>
                {t('help.callVolunteer', { name: v.name })}
                <span className="help-call-number">{v.phone}</span>
              </span>
            </a>
          ))}
        </div>
      )}
    </section>
  );
}
