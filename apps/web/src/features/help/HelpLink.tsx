import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addStrings } from '../../i18n';

addStrings('staff', { 'zh-CN': { helpLink: '帮助' }, en: { helpLink: 'Help' } });

/** The link from a staff page to the help page that explains it (`/help/:topic`). */
export function HelpLink({ topic }: { topic: string }) {
  const { t } = useTranslation('staff');
  return (
    <Link className="btn btn-secondary" to={`/help/${topic}`}>
      {t('helpLink')}
    </Link>
  );
}
