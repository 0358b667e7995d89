import { JOIN_RELATIONS, PHONE_RE } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { addStrings } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote, Page } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { useFetch } from '../registry/useFetch';
import { joinI18n } from './i18n';

addStrings('join', joinI18n);

/**
 * A newcomer asks to join a compound (reached from the compound's poster QR code): name, phone,
 * 楼栋-单元-门牌号 and owner / tenant / family. A community worker approves it; then the newcomer
 * signs in with an SMS code.
 */
export default function JoinPage() {
  const { t } = useTranslation('join');
  const [params] = useSearchParams();
  const compoundId = params.get('compound');
  const compound = useFetch<{ id: string; name: string; community: string | null }>(
    compoundId ? `/api/v1/public/compounds/${encodeURIComponent(compoundId)}` : null,
  );
  const [v, setV] = useState({ name: '', phone: '', building: '', stairwell: '', door: '', relation: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const set = (k: keyof typeof v) => (value: string) => setV((x) => ({ ...x, [k]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    for (const k of ['name', 'building', 'stairwell', 'door'] as const) if (!v[k].trim()) errs[k] = t('required');
    if (!PHONE_RE.test(v.phone.trim())) errs.phone = t('phoneInvalid');
    if (!v.relation) errs.relation = t('required');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/v1/join', {
        method: 'POST',
        body: {
          compoundId,
          name: v.name.trim(),
          phone: v.phone.trim(),
          building: v.building.trim(),
          stairwell: v.stairwell.trim(),
          door: v.door.trim(),
          relation: v.relation,
        },
      });
      setDone(true);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NO_SUCH_DOOR') setErrors({ door: err.message });
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!compoundId) {
    return (
      <Page title={t('title')}>
        <p>{t('noCompound')}</p>
      </Page>
    );
  }
  if (done) {
    return (
      <Page title={t('title')}>
        <p className="ok-note" role="status" data-testid="join-sent">
          {t('sent')}
        </p>
        <Link className="btn" to="/login">
          {t('toLogin')}
        </Link>
      </Page>
    );
  }
  return (
    <Page title={t('title')}>
      <ErrorNote error={compound.error} />
      {compound.data && (
        <p className="big" data-testid="join-compound">
          {compound.data.community ? `${compound.data.community} · ` : ''}
          {compound.data.name}
        </p>
      )}
      <p>{t('hint')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <Field
          name="name"
          label={t('name')}
          value={v.name}
          onChange={(e) => set('name')(e.target.value)}
          error={errors.name}
          autoComplete="name"
        />
        <Field
          name="phone"
          label={t('phone')}
          type="tel"
          inputMode="numeric"
          value={v.phone}
          onChange={(e) => set('phone')(e.target.value)}
          error={errors.phone}
          autoComplete="tel"
        />
        <Field
          name="building"
          label={t('building')}
          value={v.building}
          onChange={(e) => set('building')(e.target.value)}
          error={errors.building}
        />
        <Field
          name="stairwell"
          label={t('stairwell')}
          value={v.stairwell}
          onChange={(e) => set('stairwell')(e.target.value)}
          error={errors.stairwell}
        />
        <Field name="door" label={t('door')} value={v.door} onChange={(e) => set('door')(e.target.value)} error={errors.door} />
        <SelectField
          name="relation"
          label={t('relation')}
          value={v.relation}
          onChange={set('relation')}
          blank={t('choose')}
          error={errors.relation}
          options={JOIN_RELATIONS.map((r) => ({ value: r, label: t(`relations.${r}`) }))}
        />
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-block" disabled={busy}>
          {t('submit')}
        </button>
      </form>
    </Page>
  );
}
