import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, OkNote, Page } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { HelpLink } from '../help/HelpLink';
import { MemberPicker, RemoveButton } from './MemberPicker';
import type { OrgDetail } from './types';
import { useFetch } from './useFetch';
import './registry.css';

addStrings('registry', {
  'zh-CN': {
    notOwner: {
      flag: '不是本小区业主',
      count: '{{n}} 位委员不是本小区业主',
      whatToDo:
        '只有本小区的业主才能担任业委会委员。请先核实房屋登记：登记有误的，在楼栋页打开该户的“修改”，勾选其为业主；确已不是业主的（如已卖房），按业主大会议事规则终止其委员职务，再点“移出”。',
    },
  },
  en: {
    notOwner: {
      flag: 'Not an owner in this compound',
      count: '{{n}} members are not owners in this compound',
      whatToDo:
        'Only owners of a unit in this compound may sit on its committee. Check the register first: if it is wrong, add them as an owner under the unit’s Edit on the building page; if they no longer own (e.g. sold), end their seat under the owners’ assembly rules, then press Remove.',
    },
  },
});

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
    <Page title={`${data.compound.name} · ${t('org')}`} actions={<HelpLink topic="committee" />}>
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
            {committee.notOwners > 0 && (
              <div className="warn-list" role="note" data-testid="not-owners">
                <strong>{t('notOwner.count', { n: committee.notOwners })}</strong>
                <p>{t('notOwner.whatToDo')}</p>
              </div>
            )}
            <p>{t('orgPage.crossCount', { n: cross })}</p>
            <ul className="list">
              {committee.members.map((m) => (
                <li key={m.id} className="list-item" data-member={m.id} data-owner={m.owner ? 'yes' : 'no'}>
                  <Link to={`/registry/people/${m.id}`}>{m.name}</Link> · {t(`person.positions.${m.position}`)}{' '}
                  <span className="muted">{m.address}</span>
                  {m.alsoBranchMember && <p className="badge-note">★ {t('orgPage.cross')}</p>}
                  {!m.owner && <p className="badge-note">⚠ {t('notOwner.flag')}</p>}
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

/** One organisation's settings: who leads it (one of its members), then its own fields. */
function OrgForm({
  summary,
  leaderId,
  leaderLabel,
  leader,
  setLeader,
  members,
  onSubmit,
  s,
  children,
}: {
  summary: string;
  leaderId: string;
  leaderLabel: string;
  leader: string;
  setLeader: (id: string) => void;
  members: Array<{ id: string; name: string; address: string }>;
  onSubmit: () => void;
  s: ReturnType<typeof useAction>;
  children: ReactNode;
}) {
  const { t } = useTranslation('registry');
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }
  return (
    <details>
      <summary>{summary}</summary>
      <form className="form" onSubmit={submit}>
        <SelectField
          id={leaderId}
          name={`${leaderId}PersonId`}
          className="select"
          label={leaderLabel}
          value={leader}
          onChange={setLeader}
          blank="—"
          error={s.fields.secretaryPersonId ?? s.fields.chairPersonId}
          options={members.map((m) => ({ value: m.id, label: `${m.name} ${m.address}` }))}
        />
        {children}
        <button className="btn" type="submit">
          {t('save')}
        </button>
        <OkNote show={s.ok}>{t('saved')}</OkNote>
        <ErrorNote error={s.error} />
      </form>
    </details>
  );
}

function put(url: string, body: unknown) {
  return () => api(url, { method: 'PUT', body });
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
  const s = useAction(onSaved, { fieldErrors: true });
  const save = put(`/api/v1/registry/compounds/${compoundId}/branch`, {
    name: branch.name,
    secretaryPersonId: secretary || null,
    foundedOn: foundedOn || null,
    demonstration: demo,
  });
  return (
    <OrgForm
      summary={t('orgPage.editBranch')}
      leaderId="secretary"
      leaderLabel={t('orgPage.secretaryField')}
      leader={secretary}
      setLeader={setSecretary}
      members={branch.members}
      onSubmit={() => void s.run(save)}
      s={s}
    >
      <Field
        name="foundedOn"
        label={t('orgPage.foundedField')}
        type="date"
        value={foundedOn}
        onChange={(e) => setFoundedOn(e.target.value)}
        error={s.fields.foundedOn}
      />
      <label className="check">
        <input name="demonstration" type="checkbox" checked={demo} onChange={(e) => setDemo(e.target.checked)} />
        {t('orgPage.demoField')}
      </label>
      <p className="muted">{t('orgPage.secretaryHint')}</p>
    </OrgForm>
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
  const s = useAction(onSaved, { fieldErrors: true });
  const save = put(`/api/v1/registry/compounds/${compoundId}/committee`, {
    name: committee.name,
    chairPersonId: chair || null,
    foundedOn: committee.foundedOn,
    termStart: start,
    termEnd: end,
  });
  return (
    <OrgForm
      summary={t('orgPage.editTerm')}
      leaderId="chair"
      leaderLabel={t('orgPage.chairField')}
      leader={chair}
      setLeader={setChair}
      members={committee.members}
      onSubmit={() => void s.run(save)}
      s={s}
    >
      <Field
        name="termStart"
        label={t('orgPage.termStart')}
        type="date"
        value={start}
        onChange={(e) => setStart(e.target.value)}
        required
        error={s.fields.termStart}
      />
      <Field
        name="termEnd"
        label={t('orgPage.termEnd')}
        type="date"
        value={end}
        onChange={(e) => setEnd(e.target.value)}
        required
        error={s.fields.termEnd}
      />
    </OrgForm>
  );
}
