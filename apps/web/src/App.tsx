import { lazy, Suspense, useMemo } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { Spin } from 'antd';
import { createClient } from './client';
import { currentToken } from './lib/session';
import { SignIn } from './pages/SignIn';

// Pages load on demand: the first paint needs only the shell and sign-in.
const Shell = lazy(() => import('./pages/Shell'));
const MyForm = lazy(() => import('./pages/MyForm'));
const Inbox = lazy(() => import('./pages/Inbox'));
const Notifications = lazy(() => import('./pages/Notifications'));
const Home = lazy(() => import('./pages/Home'));

const loading = <Spin style={{ display: 'block', margin: '20vh auto' }} tip="加载中…" />;

function RequireSession({ children }: { children: React.ReactNode }) {
  const location = useLocation();
  if (!currentToken()) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return children;
}

export function App() {
  const client = useMemo(createClient, []);
  return (
    <Provider value={client}>
      <Suspense fallback={loading}>
        <Routes>
          <Route path="/sign-in" element={<SignIn />} />
          <Route
            element={
              <RequireSession>
                <Shell />
              </RequireSession>
            }
          >
            <Route index element={<Home />} />
            <Route path="my-form" element={<MyForm />} />
            <Route path="inbox" element={<Inbox />} />
            <Route path="notifications" element={<Notifications />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Route>
        </Routes>
      </Suspense>
    </Provider>
  );
}
