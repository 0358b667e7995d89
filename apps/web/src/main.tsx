// First: no schema may be built before Zod is told not to use eval (lib/zod-jitless.ts).
import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './ui/styles.css';
import { App } from './app/App';
import { LARGE_TEXT_KEY } from './lib/session';

// Apply the remembered text size before the first paint, so the page never jumps.
document.documentElement.classList.toggle('elder', localStorage.getItem(LARGE_TEXT_KEY) === '1');

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
