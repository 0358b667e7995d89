import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { MemberPicker, RemoveButton } from './MemberPicker';
import type { OrgDetail } from './types';
import { useFetch } from './useFetch';
import './registry.css';

/** 小区党支部 and 业委会: members, secretary, term; who sits in both is shown (双向进入、交叉任职). */
export default function OrgPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('registry');
  const { data, error, reload } = useFetch<OrgDetail>(`/api/v1/registry/compounds/${id}/organisations`);
  if (error)
    return (
      <Page title={t('org')}>
        <ErrorNote error={error} />
      </Page>
    );
  if (!data) return <Loading />;
  const { branch, committee } = data;
  const cross = committee?.members.filter((m) => m.alsoBranchMember).length ?? 0;
  return (
    <Page title={`${data.compound.name} · ${t('org')}`}>
      <p>
        <Link to={`/registry/nodes/${data.compound.id}`}>{data.compound.name}</Link>
      </p>
      <section className="card" aria-labelledby="branch-h">
        <h2 id="branch-h">{t('orgPage.branch')}</h2>
        {!branch && <p className="muted">{t('orgPage.noBranch')}</p>}
        {branch && (
          <>
            <p className="big">{branch.name}</p>
            {branch.demonstration && <p className="tag tag-strong">{t('orgPage.demonstration')}</p>}
            {branch.foundedOn && <p>{t('orgPage.founded', { date: branch.foundedOn })}</p>}
            {branch.secretary && <p>{t('orgPage.secretary', { name: branch.secretary.name })}</p>}
            <details>
              <summary>{t('orgPage.members', { n: branch.members.length })}</summary>
              <ul className="list">
                {branch.members.map((m) => (
                  <li key={m.id} className="list-item">
                    <Link to={`/registry/people/${m.id}`}>{m.name}</Link> <span className="muted">{m.address}</span>
                    {data.canEdit && m.id !== branch.secretary?.id && (
                      <RemoveButton
                        url={`/api/v1/registry/compounds/${data.compound.id}/branch/members/${m.id}`}
                        label={t('picker.remove')}
                        onSaved={reload}
                      />
                    )}
                  </li>
                ))}
              </ul>
            </details>
            {data.canEdit && <EditBranch compoundId={data.compound.id} branch={branch} onSaved={reload} />}
          </>
        )}
      </section>
      <section className="card" aria-labelledby="committee-h">
        <h2 id="committee-h">{t('orgPage.committee')}</h2>
        {!committee && <p className="muted">{t('orgPage.noCommittee')}</p>}
        {committee && (
          <>
            <p className="big">{committee.name}</p>
            <p>{t('orgPage.term', { start: committee.termStart, end: committee.termEnd })}</p>
            {committee.chair && <p>{t('orgPage.chair', { name: committee.chair.name })}</p>}
            {committee.warnings.length > 0 && (
              <div className="warn-list" role="note">
                <strong>{t('orgPage.warnings')}：</strong>
                <ul>
                  {committee.warnings.map((w) => (
                    <li key={w}>{t(`orgPage.warning.${w}`)}</li>
                  ))}
                </ul>
              </div>
            )}
            <p>{t('orgPage.crossCount', { n: cross })}</p>
            <ul className="list">
              {committee.members.map((m) => (
                <li key={m.id} className="list-item">
                  <Link to={`/registry/people/${m.id}`}>{m.name}</Link> · {t(`person.positions.${m.position}`)}{' '}
                  <span className="muted">{m.address}</span>
                  {m.alsoBranchMember && <p className="badge-note">★ {t('orgPage.cross')}</p>}
                  {data.canEdit && m.id !== committee.chair?.id && (
                    <RemoveButton
                      url={`/api/v1/registry/compounds/${data.compound.id}/committee/members/${m.id}`}
                      label={t('picker.remove')}
                      onSaved={reload}
                    />
                  )}
                </li>
              ))}
            </ul>
            {data.canEdit && <EditTerm compoundId={data.compound.id} committee={committee} onSaved={reload} />}
          </>
        )}
      </section>
      {data.canEdit && (branch || committee) && <MemberPicker compoundId={data.compound.id} onSaved={reload} />}
    </Page>
  );
}

function useSave(onSaved: () => void) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  async function save(url: string, body: unknown) {
    setFields({});
    setError(undefined);
    setSaved(false);
    try {
      await api(url, { method: 'PUT', body });
      setSaved(true);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors()).length)
        setFields(Object.fromEntries(Object.keys(err.fieldErrors()).map((k) => [k, err.message])));
      else setError(err);
    }
  }
  return { fields, error, saved, save };
}

function EditBranch({
  compoundId,
  branch,
  onSaved,
}: {
  compoundId: string;
  branch: NonNullable<OrgDetail['branch']>;
  onSaved: () => void;
}) {
  const { t } = useTranslation('registry');
  const [foundedOn, setFoundedOn] = useState(branch.foundedOn ?? '');
  const [demo, setDemo] = useState(branch.demonstration);
  const [secretary, setSecretary] = useState(branch.secretary?.id ?? '');
  const s = useSave(onSaved);
  function submit(e: FormEvent) {
    e.preventDefault();
    void s.save(`/api/v1/registry/compounds/${compoundId}/branch`, {
      name: branch.name,
      secretaryPersonId: secretary || null,
      foundedOn: foundedOn || null,
      demonstration: demo,
    });
  }
  return (
    <details>
      <summary>{t('orgPage.editBranch')}</summary>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="secretary">{t('orgPage.secretaryField')}</label>
          <select id="secretary" className="select" value={secretary} onChange={(e) => setSecretary(e.target.value)}>
            <option value="">—</option>
            {branch.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} {m.address}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('orgPage.foundedField')}
          type="date"
          value={foundedOn}
          onChange={(e) => setFoundedOn(e.target.value)}
          error={s.fields.foundedOn}
        />
        <label className="check">
          <input type="checkbox" checked={demo} onChange={(e) => setDemo(e.target.checked)} />
          {t('orgPage.demoField')}
        </label>
        <button className="btn" type="submit">
          {t('save')}
        </button>
        {s.saved && (
          <p className="ok-note" role="status">
            {t('saved')}
          </p>
        )}
        <ErrorNote error={s.error} />
      </form>
    </details>
  );
}

function EditTerm({
  compoundId,
  committee,
  onSaved,
}: {
  compoundId: string;
  committee: NonNullable<OrgDetail['committee']>;
  onSaved: () => void;
}) {
  const { t } = useTranslation('registry');
  const [start, setStart] = useState(committee.termStart);
  const [end, setEnd] = useState(committee.termEnd);
  const [chair, setChair] = useState(committee.chair?.id ?? '');
  const s = useSave(onSaved);
  function submit(e: FormEvent) {
    e.preventDefault();
    void s.save(`/api/v1/registry/compounds/${compoundId}/committee`, {
      name: committee.name,
      chairPersonId: chair || null,
      foundedOn: committee.foundedOn,
      termStart: start,
      termEnd: end,
    });
  }
  return (
    <details>
      <summary>{t('orgPage.editTerm')}</summary>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="chair">{t('orgPage.chairField')}</label>
          <select id="chair" className="select" value={chair} onChange={(e) => setChair(e.target.value)}>
            <option value="">—</option>
            {committee.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} {m.address}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('orgPage.termStart')}
          type="date"
          value={start}
          onChange={(e) => setStart(e.target.value)}
          required
          error={s.fields.termStart}
        />
        <Field
          label={t('orgPage.termEnd')}
          type="date"
          value={end}
          onChange={(e) => setEnd(e.target.value)}
          required
          error={s.fields.termEnd}
        />
        <button className="btn" type="submit">
          {t('save')}
        </button>
        {s.saved && (
          <p className="ok-note" role="status">
            {t('saved')}
          </p>
        )}
        <ErrorNote error={s.error} />
      </form>
    </details>
  );
}
