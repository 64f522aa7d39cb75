import { Link, NavLink, Outlet } from 'react-router';
import { Layout, Typography } from 'antd';

const LINKS = [
  { to: '/public/complaint', label: '投诉举报' },
  { to: '/public/receipt', label: '查询办理进度' },
  { to: '/public/evaluation', label: '评议打分' },
];

/**
 * The frame of the public pages: no sign-in, nothing loaded from elsewhere, no tracking. Plain links rather
 * than antd's Menu, so the header wraps on a phone instead of hiding entries behind an overflow button.
 */
export default function PublicShell() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          columnGap: 16,
          rowGap: 4,
          padding: '8px 12px',
          height: 'auto',
          lineHeight: '32px',
          background: '#fff',
        }}
      >
        <Typography.Text strong>廉政风险防控 · 公众服务</Typography.Text>
        <nav aria-label="公众服务" style={{ display: 'flex', flexWrap: 'wrap', columnGap: 16 }}>
          {LINKS.map((l) => (
            <NavLink
              key={l.to}
              to={l.to}
              style={({ isActive }) => ({ fontWeight: isActive ? 600 : undefined, textDecoration: 'none' })}
            >
              {l.label}
            </NavLink>
          ))}
        </nav>
        <Link to="/sign-in" style={{ marginLeft: 'auto' }}>
          工作人员登录
        </Link>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 880, width: '100%', margin: '0 auto' }}>
        <main>
          <Outlet />
        </main>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', fontSize: 13 }}>
        本页面不使用任何统计或跟踪；您提交的意见和投诉不记录网络地址和浏览器信息。
      </Layout.Footer>
    </Layout>
  );
}
