import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { addStrings } from '../../i18n';
import { NotFoundPage, Page } from '../../ui/Page';
import { HELP_TOPICS } from './topics';
import '../staff/staff.css';

addStrings('staff', {
  'zh-CN': { help: { title: '帮助', back: '返回该页面', index: '全部帮助' } },
  en: { help: { title: 'Help', back: 'Back to the page', index: 'All help' } },
});

/** /help lists the topics; /help/:topic is one task's steps, with a link back to its page. */
export default function HelpPage() {
  const { topic } = useParams();
  const { t, i18n } = useTranslation('staff');
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  if (!topic) {
    return (
      <Page title={t('help.title')}>
        <ul className="list">
          {Object.entries(HELP_TOPICS).map(([key, h]) => (
            <li key={key}>
              <Link className="list-button" to={`/help/${key}`}>
                {h[lang].title}
              </Link>
            </li>
          ))}
        </ul>
      </Page>
    );
  }
  const h = HELP_TOPICS[topic];
  if (!h) return <NotFoundPage />;
  const text = h[lang];
  return (
    <Page title={text.title}>
      <ol className="card help-steps" data-testid="help-steps">
        {text.steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      {text.note && <p>{text.note}</p>}
      <p className="help-links">
        <Link className="btn" to={h.page}>
          {t('help.back')}
        </Link>{' '}
        <Link className="btn btn-secondary" to="/help">
          {t('help.index')}
        </Link>
      </p>
    </Page>
  );
}
