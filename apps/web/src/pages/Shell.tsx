import { Outlet, useLocation, useNavigate } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { Alert, App as AntApp, Button, Layout, Menu, Spin, Typography } from 'antd';
import { graphql } from '../gql';
import { userMessageOf } from '../lib/errors';
import { menuFor } from '../lib/roles';
import { signOutTo } from '../lib/session';
import { MeContext } from './me';

const MeQuery = graphql(`
  query Me {
    me {
      code
      name
      personId
      unitId
      roles {
        role
        label
        unitId
        departmentId
      }
    }
  }
`);

const NotificationAdded = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      id
      kind
      message
      formId
      createdAt
    }
  }
`);

/** The signed-in frame: who I am, the menu my roles allow, and a notice for each new notification. */
export default function Shell() {
  const [{ data, error }] = useQuery({ query: MeQuery });
  const { notification } = AntApp.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  useSubscription({ query: NotificationAdded, pause: !data }, (_, n) => {
    const kind = n.notificationAdded.kind;
    notification.info({
      title: kind === 'TASK' ? '新的待办' : '新消息',
      description: n.notificationAdded.message,
      placement: 'bottomRight',
    });
    return n;
  });

  if (error && !data)
    return (
      <Alert type="error" showIcon title="无法加载当前用户" description={userMessageOf(error)} style={{ margin: 24 }} />
    );
  // The page renders while `me` loads: only the menu and the start page wait for it.
  const me = data?.me ?? null;
  const menu = me ? menuFor(me) : [];
  return (
    <MeContext.Provider value={me}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header
          style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '0 12px', background: '#fff' }}
        >
          <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
            廉政风险防控
          </Typography.Text>
          <nav aria-label="主菜单" style={{ flex: 1, minWidth: 0 }}>
            <Menu
              mode="horizontal"
              selectedKeys={[location.pathname]}
              items={menu.map((m) => ({ key: m.path, label: m.label }))}
              onClick={({ key }) => void navigate(key)}
              style={{ borderBottom: 'none' }}
            />
          </nav>
          <span style={{ whiteSpace: 'nowrap' }}>
            {me?.name ?? <Spin size="small" />}{' '}
            <Button size="small" onClick={() => signOutTo(null)}>
              退出
            </Button>
          </span>
        </Layout.Header>
        <Layout.Content style={{ padding: 12, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </MeContext.Provider>
  );
}
