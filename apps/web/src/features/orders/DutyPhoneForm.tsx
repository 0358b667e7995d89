import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useChoice } from '../../lib/useChoice';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { ServerFields } from '../../ui/ServerFields';

interface Line {
  nodeId: string;
  nodeName: string;
  name: string;
  phone: string;
}
interface Editor {
  nodeId: string;
  nodeName: string;
  own: Line | null;
  effective: Line | null;
}

const STAFF = ['branch_secretary', 'committee_member', 'community_worker'];

/**
 * 一键呼叫's duty phone, per node: staff set it on their community or compound; a compound
 * without its own answers with its community's. Shown on the dispatch board.
 */
export function DutyPhoneForm() {
  const { t } = useTranslation('orders');
  const { me } = useSession();
  const nodes = (me?.roles ?? [])
    .filter((r) => STAFF.includes(r.role) && (r.nodeKind === 'community' || r.nodeKind === 'compound'))
    .filter((r, i, a) => a.findIndex((x) => x.nodeId === r.nodeId) === i);
  const [nodeId, setNodeId] = useChoice(nodes.map((n) => n.nodeId));
  const [editor, setEditor] = useState<Editor | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const adopt = useCallback((e: Editor) => {
    setEditor(e);
    setName(e.own?.name ?? '社区值班室');
    setPhone(e.own?.phone ?? '');
  }, []);
  useEffect(() => {
    if (!nodeId) return;
    setSaved(false);
    setEditor(null);
    api<Editor>(`/api/v1/help/lines/${encodeURIComponent(nodeId)}`).then(adopt, setError);
  }, [nodeId, adopt]);
  if (!nodes.length) return null;
  const save = async (e: FormEvent, remove = false) => {
    e.preventDefault();
    setSaved(false);
    setError(null);
    try {
      adopt(
        await api<Editor>(`/api/v1/help/lines/${encodeURIComponent(nodeId)}`, {
          method: remove ? 'DELETE' : 'PUT',
          ...(remove ? {} : { body: { name, phone } }),
        }),
      );
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  return (
    <form className="form card" onSubmit={(e) => void save(e)} data-testid="duty-phone-form">
      <h2>{t('duty.title')}</h2>
      <p className="muted">{t('duty.hint')}</p>
      {nodes.length > 1 && (
        <div className="field">
          <label htmlFor="duty-node">{t('duty.node')}</label>
          <select data-unsent="" id="duty-node" value={nodeId} onChange={(e) => setNodeId(e.target.value)}>
            {nodes.map((n) => (
              <option key={n.nodeId} value={n.nodeId}>
                {n.nodeName}
              </option>
            ))}
          </select>
        </div>
      )}
      {editor && (
        <p data-testid="duty-effective">
          {editor.effective
            ? t('duty.effective', {
                node: editor.nodeName,
                name: editor.effective.name,
                phone: editor.effective.phone,
                from: editor.effective.nodeName,
              })
            : t('duty.none', { node: editor.nodeName })}
        </p>
      )}
      <ServerFields loaded={editor !== null}>
        <Field
          name="name"
          label={t('duty.name')}
          required
          maxLength={40}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fields.name}
        />
        <Field
          name="phone"
          label={t('duty.phone')}
          type="tel"
          inputMode="tel"
          required
          maxLength={20}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={fields.phone}
        />
        <ErrorNote error={error} />
        {saved && (
          <p className="ok-note" role="status">
            {t('board.saved')}
          </p>
        )}
        <button type="submit" className="btn">
          {t('duty.save')}
        </button>
        {editor?.own && (
          <button type="button" className="btn btn-secondary" onClick={(e) => void save(e, true)}>
            {t('duty.remove')}
          </button>
        )}
      </ServerFields>
    </form>
  );
}
