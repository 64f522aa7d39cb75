import { Navigate } from 'react-router';
import { menuFor } from '../lib/roles';
import { useMe } from './me';

/** `/` opens the first page the person's roles give them (reviewers their inbox, staff their form). */
export default function Home() {
  const menu = menuFor(useMe());
  const first = menu.find((m) => m.path === '/inbox') ?? menu[0]!;
  return <Navigate to={first.path} replace />;
}
