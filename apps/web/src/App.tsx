import { lazy, Suspense, useMemo } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { Spin } from 'antd';
import { createClient } from './client';
import { currentToken, dropStaleToken, signInPath } from './lib/session';
import { SignIn, SignInCallback } from './pages/SignIn';

// Pages load on demand: the first paint needs only sign-in. With a session, every page starts loading at once,
// side by side, instead of each waiting for the one around it (shell, then page).
const pages = {
  Shell: () => import('./pages/Shell'),
  MyForm: () => import('./pages/MyForm'),
  Inbox: () => import('./pages/Inbox'),
  Notifications: () => import('./pages/Notifications'),
  AccessTokens: () => import('./pages/AccessTokens'),
  Home: () => import('./pages/Home'),
  UnitWork: () => import('./pages/unit/UnitWork'),
  UnitExecution: () => import('./pages/unit/UnitExecution'),
};
if (currentToken()) for (const load of Object.values(pages)) void load();
// The public's pages (no sign-in) load only when visited: nothing of them reaches a signed-in person's first paint.
const PublicShell = lazy(() => import('./pages/public/PublicShell'));
const PublicNotice = lazy(() => import('./pages/public/Notice'));
const PublicComplaint = lazy(() => import('./pages/public/Complaint'));
const PublicReceipt = lazy(() => import('./pages/public/Receipt'));
const PublicEvaluation = lazy(() => import('./pages/public/Evaluation'));
const Shell = lazy(pages.Shell);
const MyForm = lazy(pages.MyForm);
const Inbox = lazy(pages.Inbox);
const Notifications = lazy(pages.Notifications);
const AccessTokens = lazy(pages.AccessTokens);
const Home = lazy(pages.Home);
const UnitWork = lazy(pages.UnitWork);
const UnitExecution = lazy(pages.UnitExecution);

// The office's pages load only when opened: most people never see them, so they are not preloaded above.
const Overview = lazy(() => import('./pages/office/Overview'));
const Units = lazy(() => import('./pages/office/Units'));
const Launch = lazy(() => import('./pages/office/Launch'));
const Roster = lazy(() => import('./pages/office/Roster'));
const Configuration = lazy(() => import('./pages/office/Configuration'));
const Exports = lazy(() => import('./pages/office/Exports'));
const Deliveries = lazy(() => import('./pages/office/Deliveries'));
const Forms = lazy(() => import('./pages/office/Forms'));
const Oversight = lazy(() => import('./pages/oversight/Oversight'));
const Complaints = lazy(() => import('./pages/oversight/Complaints'));
const Disposal = lazy(() => import('./pages/oversight/Disposal'));
const Evaluations = lazy(() => import('./pages/oversight/Evaluations'));
const Corrections = lazy(() => import('./pages/oversight/Corrections'));

const loading = <Spin style={{ display: 'block', margin: '20vh auto' }} tip="加载中…" />;

function RequireSession({ children }: { children: React.ReactNode }) {
  const location = useLocation();
  if (!currentToken())
    return <Navigate to={signInPath(location.pathname + location.search, dropStaleToken())} replace />;
  return children;
}

export function App() {
  const client = useMemo(createClient, []);
  return (
    <Provider value={client}>
      <Suspense fallback={loading}>
        <Routes>
          <Route path="/sign-in" element={<SignIn />} />
          <Route path="/sign-in/callback" element={<SignInCallback />} />
          <Route path="/public" element={<PublicShell />}>
            <Route index element={<Navigate to="complaint" replace />} />
            <Route path="notice/:campaignId/:unitId" element={<PublicNotice />} />
            <Route path="complaint" element={<PublicComplaint />} />
            <Route path="receipt" element={<PublicReceipt />} />
            <Route path="evaluation" element={<PublicEvaluation />} />
          </Route>
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
            <Route path="unit" element={<UnitWork />} />
            <Route path="unit/execution" element={<UnitExecution />} />
            <Route path="office" element={<Overview />} />
            <Route path="office/units" element={<Units />} />
            <Route path="office/launch" element={<Launch />} />
            <Route path="office/roster" element={<Roster />} />
            <Route path="office/configuration" element={<Configuration />} />
            <Route path="office/exports" element={<Exports />} />
            <Route path="office/deliveries" element={<Deliveries />} />
            <Route path="forms" element={<Forms />} />
            <Route path="oversight" element={<Oversight />}>
              <Route index element={<Navigate to="complaints" replace />} />
              <Route path="complaints" element={<Complaints />} />
              <Route path="disposal" element={<Disposal />} />
              <Route path="evaluations" element={<Evaluations />} />
              <Route path="corrections" element={<Corrections />} />
            </Route>
            <Route path="access-tokens" element={<AccessTokens />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Route>
        </Routes>
      </Suspense>
    </Provider>
  );
}
