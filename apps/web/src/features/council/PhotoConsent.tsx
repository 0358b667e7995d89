import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../lib/useAction';
import { ErrorNote, OkNote } from '../../ui/Page';
import { councilApi, type IssueDetail } from './api';
import { fmtDate } from './common';
import { TextAction } from './TextAction';

/** The consent box, worded the same on the raise form and on the issue page. */
export function ConsentCheck({
  checked,
  disabled,
  onChange,
}: {
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { t } = useTranslation('council');
  return (
    <label className="council-consent">
      <input name="given" type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>{t('consent.label')}</span>
    </label>
  );
}

/**
 * Whether an issue's photos are on public pages (publication only with recorded consent): the
 * raiser (or staff acting for them) ticks or clears the box; other staff may take them off public
 * pages with a reason, never put them on. Shown to the raiser and staff only, when there are photos.
 */
export function PhotoConsent({ issue, onChanged }: { issue: IssueDetail; onChanged: () => Promise<void> }) {
  const { t } = useTranslation('council');
  const { error, ok, run } = useAction();
  /** The box as just tapped, until the issue has reloaded with it (or the change failed). */
  const [pending, setPending] = useState<boolean | null>(null);
  const c = issue.photoConsent;
  if (!c || issue.photos.length === 0) return null;
  const act = async (fn: () => Promise<unknown>) => {
    const done = await run(fn);
    if (done) await onChanged();
    return done;
  };
  const change = async (given: boolean) => {
    setPending(given);
    await act(() => councilApi.photoConsent(issue.id, given));
    setPending(null);
  };
  return (
    <section className="card" aria-labelledby="photo-consent">
      <h2 id="photo-consent">{t('consent.title')}</h2>
      <p>
        <strong>{c.given ? t('consent.shown') : t('consent.notShown')}</strong>
      </p>
      {c.at && (
        <p className="muted">
          {t('consent.recorded', { date: fmtDate(c.at) })}
          {c.channel && t('consent.byStaff', { channel: t(`consent.channels.${c.channel}`, { defaultValue: c.channel }) })}
        </p>
      )}
      {c.withdrawnReason && (
        <p className="error-note" role="note">
          {t('consent.withdrawnNote', { reason: c.withdrawnReason })}
        </p>
      )}
      {issue.me.raisedByMe ? (
        <ConsentCheck
          checked={pending ?? c.given}
          disabled={pending !== null || !!c.withdrawnReason}
          onChange={(v) => void change(v)}
        />
      ) : (
        issue.me.staff &&
        !c.withdrawnReason && (
          <TextAction
            label={t('consent.withdrawReason')}
            button={t('consent.withdraw')}
            name="reason"
            onSubmit={(r) => act(() => councilApi.withdrawPhotos(issue.id, r))}
          />
        )
      )}
      <OkNote show={ok}>✓ {t('consent.saved')}</OkNote>
      <ErrorNote error={error} />
    </section>
  );
}
