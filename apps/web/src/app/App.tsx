import { Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { HomePage } from '../features/home/HomePage';
import { SessionProvider } from '../lib/session';
import { Loading, NotFoundPage } from '../ui/Page';
import { featureRoutes } from './features';
import { Layout } from './Layout';

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Layout>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/" element={<HomePage />} />
              {featureRoutes.map(({ path, Component }) => (
                <Route key={path} path={path} element={<Component />} />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Suspense>
        </Layout>
      </BrowserRouter>
    </SessionProvider>
  );
}
