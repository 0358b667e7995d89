import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { ErrorNote, OkNote, Page } from '../../ui/Page';

addStrings('staff', {
  'zh-CN': {
    personData: {
      title: '个人信息',
      explain: '应本人请求导出或删除其个人信息（《个人信息保护法》第四十五、四十七条）。每次操作都记入操作记录。',
      export: '导出个人信息',
      exported: '已下载 {{file}}',
      erase: '删除个人信息…',
      eraseTitle: '删除“{{name}}”的个人信息',
      eraseExplain: '姓名将换成“已注销居民”，手机号和身份证号被删除，账号关闭；服务时长等统计数字保留。删除后不能恢复。',
      eraseCheck: '我已核实这是本人的请求，确认删除',
      eraseConfirm: '确认删除',
      eraseCancel: '取消',
      erased: '已删除个人信息。',
      erasedTitle: '已注销居民',
      toRegistry: '返回住户台账',
      audit: '查看此人的操作记录',
      help: '怎样导出或删除',
    },
  },
  en: {
    personData: {
      title: 'Personal data',
      explain: 'Export or erase a person’s data at their request (PIPL arts. 45 and 47). Each action is audited.',
      export: 'Export personal data',
      exported: 'Downloaded {{file}}',
      erase: 'Erase personal data…',
      eraseTitle: 'Erase the personal data of “{{name}}”',
      eraseExplain:
        'The name becomes “erased resident”, the phone and ID number are removed and the account closed; statistics such as hours stay. This cannot be undone.',
      eraseCheck: 'I have checked that the person asked for this, and confirm',
      eraseConfirm: 'Erase',
      eraseCancel: 'Cancel',
      erased: 'The personal data was erased.',
      erasedTitle: 'Erased resident',
      toRegistry: 'Back to the registry',
      audit: 'This person’s audit entries',
      help: 'How to export or erase',
    },
  },
});

/**
 * Staff's side of a person's data rights, on the person's page: the export (a JSON download) and
 * the erasure, which asks twice in the page (no pop-up): open, tick the confirmation, then erase.
 */
export function PersonDataSection({ personId, name, onErased }: { personId: string; name: string; onErased(): void }) {
  const { t } = useTranslation('staff');
  const checkId = useId();
  const [error, setError] = useState<unknown>();
  const [file, setFile] = useState<string>();
  const [asking, setAsking] = useState(false);
  const [checked, setChecked] = useState(false);
  const base = `/api/v1/privacy/people/${encodeURIComponent(personId)}`;

  async function exportData() {
    setError(undefined);
    try {
      const data = await api<unknown>(`${base}/export`);
      const name = `lianxin-${personId}.json`;
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      a.download = name;
      a.click();
      URL.revokeObjectURL(a.href);
      setFile(name);
    } catch (err) {
      setError(err);
    }
  }

  async function erase() {
    setError(undefined);
    try {
      await api(`${base}/erase`, { method: 'POST', body: { confirm: true } });
      onErased();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby={`${checkId}-title`} data-testid="person-data">
      <h2 id={`${checkId}-title`}>{t('personData.title')}</h2>
      <p className="field-hint">{t('personData.explain')}</p>
      <ErrorNote error={error} />
      <OkNote show={!!file}>{t('personData.exported', { file })}</OkNote>
      <p className="person-data-actions">
        <button type="button" className="btn btn-secondary" onClick={() => void exportData()}>
          {t('personData.export')}
        </button>{' '}
        {!asking && (
          <button type="button" className="btn btn-secondary" onClick={() => setAsking(true)}>
            {t('personData.erase')}
          </button>
        )}{' '}
        <Link to={`/audit?personId=${encodeURIComponent(personId)}`}>{t('personData.audit')}</Link>{' '}
        <Link to="/help/person">{t('personData.help')}</Link>
      </p>
      {asking && (
        <div className="erase-confirm" role="group" aria-labelledby={`${checkId}-erase`}>
          <h3 id={`${checkId}-erase`}>{t('personData.eraseTitle', { name })}</h3>
          <p>{t('personData.eraseExplain')}</p>
          <p>
            <input name="confirm" id={checkId} type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />{' '}
            <label htmlFor={checkId}>{t('personData.eraseCheck')}</label>
          </p>
          <button type="button" className="btn" disabled={!checked} onClick={() => void erase()}>
            {t('personData.eraseConfirm')}
          </button>{' '}
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              setAsking(false);
              setChecked(false);
            }}
          >
            {t('personData.eraseCancel')}
          </button>
        </div>
      )}
    </section>
  );
}

/** What the person's page shows once the erasure went through (the record no longer opens). */
export function PersonErased() {
  const { t } = useTranslation('staff');
  return (
    <Page title={t('personData.erasedTitle')}>
      <OkNote show>{t('personData.erased')}</OkNote>
      <Link className="btn" to="/registry">
        {t('personData.toRegistry')}
      </Link>
    </Page>
  );
}
