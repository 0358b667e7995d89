import { PHONE_RE } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { type AdminNode, useAdmin } from './useAdmin';
import './admin.css';

function NodeSelect({
  nodes,
  value,
  onChange,
  label,
}: {
  nodes: AdminNode[];
  value: string;
  onChange: (v: string) => void;
  label: string;
}) {
  return (
    <div className="field">
      <label htmlFor="admin-node">{label}</label>
      <select name="nodeId" id="admin-node" className="admin-select" value={value} onChange={(e) => onChange(e.target.value)}>
        {nodes.map((n) => (
          <option key={n.id} value={n.id}>
            {'　'.repeat(Math.max(0, n.depth))}
            {n.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Grant and revoke roles, create and withdraw invitations, inside the caller's subtree. */
export default function RolesPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const { me, loading } = useSession();
  const [nodeId, setNodeId] = useState('');
  const { nodes, grants, invitations, error, reload } = useAdmin(nodeId);
  const node = nodes?.find((n) => n.id === nodeId) ?? nodes?.[0];
  const roles = node?.roles ?? [];
  const [role, setRole] = useState('');
  const [phone, setPhone] = useState('');
  const [canProxy, setCanProxy] = useState(false);
  const [note, setNote] = useState('');
  const [phoneError, setPhoneError] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const [invite, setInvite] = useState<{ code: string; link: string } | null>(null);

  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/admin/roles" replace />;
  const chosenRole = roles.includes(role) ? role : (roles[0] ?? '');

  async function act(fn: () => Promise<unknown>, ok: string) {
    setActionError(undefined);
    setMessage('');
    try {
      await fn();
      setMessage(ok);
      await reload();
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors().phone === 'no_account') setPhoneError(t('noAccount'));
      else setActionError(err);
    }
  }

  function grant(e: FormEvent) {
    e.preventDefault();
    if (!PHONE_RE.test(phone.trim())) {
      setPhoneError(t('phoneInvalid'));
      return;
    }
    setPhoneError(undefined);
    void act(
      () =>
        api('/api/v1/admin/grants', {
          method: 'POST',
          body: { phone: phone.trim(), role: chosenRole, nodeId: node?.id, canProxy: chosenRole === 'volunteer' && canProxy },
        }),
      t('granted'),
    );
  }

  async function createInvite() {
    setInvite(null);
    await act(async () => {
      const r = await api<{ code: string; link: string }>('/api/v1/admin/invitations', {
        method: 'POST',
        body: {
          role: chosenRole,
          nodeId: node?.id,
          canProxy: chosenRole === 'volunteer' && canProxy,
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      });
      setInvite(r);
    }, '');
  }

  return (
    <Page title={t('title')}>
      <p>{t('intro')}</p>
      <ErrorNote error={error} onRetry={() => void reload()} />
      {nodes === null ? (
        <Loading />
      ) : nodes.length === 0 || !node ? (
        <p className="muted">{t('noScope')}</p>
      ) : (
        <>
          <form className="form card" onSubmit={grant} noValidate>
            <NodeSelect nodes={nodes} value={node.id} onChange={setNodeId} label={t('node')} />
            <div className="field">
              <label htmlFor="admin-role">{t('role')}</label>
              <select
                name="role"
                id="admin-role"
                className="admin-select"
                value={chosenRole}
                onChange={(e) => setRole(e.target.value)}
              >
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {tc(`roles.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            {chosenRole === 'volunteer' && (
              <label className="check">
                <input name="canProxy" type="checkbox" checked={canProxy} onChange={(e) => setCanProxy(e.target.checked)} />
                {t('canProxy')}
              </label>
            )}
            <Field
              label={t('phone')}
              type="tel"
              inputMode="numeric"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              error={phoneError}
              name="phone"
            />
            <button type="submit" className="btn btn-block">
              {t('grant')}
            </button>
            <h2>{t('inviteTitle')}</h2>
            <Field label={t('note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} name="note" />
            <button type="button" className="btn btn-secondary btn-block" onClick={() => void createInvite()}>
              {t('createInvite')}
            </button>
            {invite && (
              <div className="ok-note" role="status">
                <p>{t('inviteCode')}</p>
                <p className="invite-code" data-testid="invite-code">
                  {invite.code}
                </p>
                <p>
                  {t('inviteLink')} <a className="invite-link" href={invite.link}>{`${location.origin}${invite.link}`}</a>
                </p>
              </div>
            )}
          </form>
          <ErrorNote error={actionError} />
          {message && (
            <p className="ok-note" role="status">
              {message}
            </p>
          )}

          <h2>{t('grantsTitle')}</h2>
          {grants.length === 0 ? (
            <p className="muted">{t('none')}</p>
          ) : (
            <ul className="list">
              {grants.map((g) => (
                <li key={g.id} className="list-item grant-row">
                  <span>
                    <strong>{g.personName}</strong> · {tc(`roles.${g.role}`)} · {g.nodeName}{' '}
                    <span className="muted">{g.phone}</span>
                  </span>
                  {g.revocable && (
                    <button
                      type="button"
                      className="btn btn-secondary"
                      aria-label={t('revoke', { name: g.personName, role: tc(`roles.${g.role}`) })}
                      onClick={() =>
                        void act(
                          () => api(`/api/v1/admin/grants/${encodeURIComponent(g.id)}`, { method: 'DELETE' }),
                          t('revoked'),
                        )
                      }
                    >
                      {t('revokeShort')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}

          <h2>{t('invitesTitle')}</h2>
          {invitations.length === 0 ? (
            <p className="muted">{t('none')}</p>
          ) : (
            <ul className="list">
              {invitations.map((i) => (
                <li key={i.id} className="list-item grant-row">
                  <span>
                    {tc(`roles.${i.role}`)} · {i.nodeName} · <strong>{t(`status_${i.status}`)}</strong>
                    {i.note ? <span className="muted"> · {i.note}</span> : null}
                  </span>
                  {i.status === 'open' && (
                    <button
                      type="button"
                      className="btn btn-secondary"
                      onClick={() =>
                        void act(
                          () => api(`/api/v1/admin/invitations/${encodeURIComponent(i.id)}`, { method: 'DELETE' }),
                          t('revoked'),
                        )
                      }
                    >
                      {t('withdraw')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Page>
  );
}
