import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { hours, useApi } from '../volunteers/useApi';
import './hours.css';

interface Verdict {
  genuine: boolean;
  number: string;
  holder?: string;
  minutes?: number;
  periodFrom?: string;
  periodTo?: string;
  issuer?: string;
  issuedOn?: string;
}

/** The public check: type or scan a certificate number, see whether it is genuine. */
export default function VerifyPage() {
  const { t } = useTranslation('hours');
  const { number = '' } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(number);
  const verdict = useApi<Verdict>(number ? `/api/v1/certificates/verify/${encodeURIComponent(number)}` : null);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (typed.trim()) navigate(`/verify/${encodeURIComponent(typed.trim().toUpperCase())}`);
  }
  const v = verdict.data;
  return (
    <Page title={t('verifyTitle')}>
      <form className="form" onSubmit={submit}>
        <Field
          data-unsent=""
          label={t('verifyNumber')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          placeholder="LX2026-XXXXX-XXXXX"
          maxLength={40}
          required
        />
        <button type="submit" className="btn btn-block">
          {t('verifyGo')}
        </button>
      </form>
      <ErrorNote error={verdict.error} />
      {number && !v && !verdict.error && <Loading />}
      {v && v.number === number.toUpperCase() && (
        <div className={`card verify-result ${v.genuine ? 'ok-note' : 'error-note'}`} role="status" data-testid="verify-result">
          <p>
            <strong>{v.genuine ? `✓ ${t('genuine')}` : `✗ ${t('notGenuine')}`}</strong>
          </p>
          <p>{t('number', { number: v.number })}</p>
          {v.genuine && (
            <>
              <p>{t('holder', { name: v.holder })}</p>
              <p>{t('certHours', { hours: hours(v.minutes ?? 0) })}</p>
              <p>{t('period', { from: v.periodFrom, to: v.periodTo })}</p>
              <p>{t('issuer', { name: v.issuer })}</p>
              <p>{t('issuedOn', { date: v.issuedOn })}</p>
            </>
          )}
        </div>
      )}
    </Page>
  );
}
