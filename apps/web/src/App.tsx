import { lazy, Suspense, useMemo } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { Spin } from 'antd';
import { createClient } from './client';
import { currentToken, dropStaleToken, signInPath } from './lib/session';

// Pages load on demand: the first paint needs only sign-in. With a session, the shell and the page asked for start
// loading side by side, instead of one waiting for the other; every other page loads when it is opened.
const loadShell = () => import('./pages/Shell');
const pageAt = {
  '/': () => import('./pages/Home'),
  '/my-form': () => import('./pages/MyForm'),
  '/inbox': () => import('./pages/Inbox'),
  '/notifications': () => import('./pages/Notifications'),
  '/access-tokens': () => import('./pages/AccessTokens'),
  '/unit': () => import('./pages/unit/UnitWork'),
  '/unit/execution': () => import('./pages/unit/UnitExecution'),
  '/office': () => import('./pages/office/Overview'),
  '/office/units': () => import('./pages/office/Units'),
  '/office/launch': () => import('./pages/office/Launch'),
  '/office/roster': () => import('./pages/office/Roster'),
  '/office/configuration': () => import('./pages/office/Configuration'),
  '/office/exports': () => import('./pages/office/Exports'),
  '/office/deliveries': () => import('./pages/office/Deliveries'),
  '/forms': () => import('./pages/office/Forms'),
  '/oversight': () => import('./pages/oversight/Oversight'),
};
const loadSignIn = () => import('./pages/SignIn');
if (currentToken()) {
  void loadShell();
  void pageAt[window.location.pathname as keyof typeof pageAt]?.();
} else if (!window.location.pathname.startsWith('/public')) void loadSignIn();
const Shell = lazy(loadShell);
const Home = lazy(pageAt['/']);
const MyForm = lazy(pageAt['/my-form']);
const Inbox = lazy(pageAt['/inbox']);
const Notifications = lazy(pageAt['/notifications']);
const AccessTokens = lazy(pageAt['/access-tokens']);
const UnitWork = lazy(pageAt['/unit']);
const UnitExecution = lazy(pageAt['/unit/execution']);
const Overview = lazy(pageAt['/office']);
const Units = lazy(pageAt['/office/units']);
const Launch = lazy(pageAt['/office/launch']);
const Roster = lazy(pageAt['/office/roster']);
const Configuration = lazy(pageAt['/office/configuration']);
const Exports = lazy(pageAt['/office/exports']);
const Deliveries = lazy(pageAt['/office/deliveries']);
const Forms = lazy(pageAt['/forms']);
const Oversight = lazy(pageAt['/oversight']);
const Complaints = lazy(() => import('./pages/oversight/Complaints'));
const Disposal = lazy(() => import('./pages/oversight/Disposal'));
const Evaluations = lazy(() => import('./pages/oversight/Evaluations'));
const Corrections = lazy(() => import('./pages/oversight/Corrections'));
// Signing in and the public's pages load only when visited: nothing of them reaches a signed-in person's first paint.
const SignIn = lazy(() => loadSignIn().then((m) => ({ default: m.SignIn })));
const SignInCallback = lazy(() => loadSignIn().then((m) => ({ default: m.SignInCallback })));
const PublicShell = lazy(() => import('./pages/public/PublicShell'));
const PublicNotice = lazy(() => import('./pages/public/Notice'));
const PublicComplaint = lazy(() => import('./pages/public/Complaint'));
const PublicReceipt = lazy(() => import('./pages/public/Receipt'));
const PublicEvaluation = lazy(() => import('./pages/public/Evaluation'));

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
