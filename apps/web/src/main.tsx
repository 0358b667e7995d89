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

// The service worker (public/sw.js) opens the app with no network; registered after the first load.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => {}));
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
