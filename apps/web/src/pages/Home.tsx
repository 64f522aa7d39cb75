import { Navigate } from 'react-router';
import { Spin } from 'antd';
import { menuFor } from '../lib/roles';
import { useMe } from './me';

/** `/` opens the first page the person's roles give them (reviewers their inbox, staff their form). */
export default function Home() {
  const me = useMe();
  if (!me) return <Spin />;
  const menu = menuFor(me);
  const first = menu.find((m) => m.path === '/inbox') ?? menu[0]!;
  return <Navigate to={first.path} replace />;
}
