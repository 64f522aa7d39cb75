import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Input, Space, Spin, Tag, Typography } from 'antd';
import { FORM_TYPE_LABELS } from '../lib/labels';
import { beginSignIn, completeSignIn, type SignInOptions } from '../lib/oidc';
import { safeNext, signIn } from '../lib/session';

interface Entry {
  code: string;
  name: string;
  position: string;
  unitId: string | null;
  unitName: string | null;
  departmentName: string | null;
  formType: string | null;
  roleLabels: string[];
}

const title = (
  <Typography.Title level={1} style={{ fontSize: 24 }}>
    岗位廉政风险防控 · 登录
  </Typography.Title>
);

/**
 * The sign-in page: the identity provider's single sign-on (OpenID Connect) where the gateway names one, the
 * development picker where the gateway offers it.
 */
export function SignIn() {
  const [params] = useSearchParams();
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const next = safeNext(params.get('next'));

  useEffect(() => {
    fetch('/auth/config')
      .then((res) => {
        if (!res.ok) throw new Error(`服务器返回 ${res.status}`);
        return res.json() as Promise<SignInOptions>;
      })
      .then(setOptions, (e: Error) => setError(e.message));
  }, []);

  const oidc = options?.oidc;
  return (
    <main style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      {title}
      {params.get('expired') && <Alert type="warning" style={{ marginBottom: 16 }} title="登录已过期，请重新登录。" />}
      {error && <Alert type="error" style={{ marginBottom: 16 }} title={error} />}
      {!options && !error && <Spin />}
      {oidc && (
        <Card style={{ marginBottom: 16 }}>
          <Typography.Paragraph>使用单位统一身份认证账号登录。</Typography.Paragraph>
          <Button
            type="primary"
            size="large"
            onClick={() => void beginSignIn(oidc, next).catch((e: Error) => setError(e.message))}
          >
            统一身份认证登录
          </Button>
        </Card>
      )}
      {options?.devSignIn && <DevSignIn next={next} onError={setError} />}
      {options && !oidc && !options.devSignIn && (
        <Alert type="info" title="未配置登录方式：请管理员设置 AUTH_OIDC_CLIENT_ID（见运维文档）。" />
      )}
    </main>
  );
}

/** Where the identity provider sends the browser back: exchanges the code, then opens the page the person wanted. */
export function SignInCallback() {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  // The pending sign-in is consumed once; development StrictMode runs effects twice.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    completeSignIn(location.search).then(
      ({ token, next }) => {
        signIn(token);
        void navigate(safeNext(next), { replace: true });
      },
      (e: Error) => setError(e.message),
    );
  }, [navigate]);
  return (
    <main style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      {title}
      {error ? (
        <Alert
          type="error"
          title={error}
          action={
            <Button href="/sign-in" size="small">
              重新登录
            </Button>
          }
        />
      ) : (
        <Spin tip="正在登录…">
          <div style={{ height: 80 }} />
        </Spin>
      )}
    </main>
  );
}

/** Development sign-in: the demo district's people by unit; choosing one signs in as them. */
function DevSignIn({ next, onError }: { next: string; onError: (message: string) => void }) {
  const navigate = useNavigate();
  const [people, setPeople] = useState<Entry[] | null>(null);
  const [search, setSearch] = useState('');

  useEffect(() => {
    fetch('/dev/people')
      .then((res) => {
        if (!res.ok) throw new Error(`服务器返回 ${res.status}`);
        return res.json() as Promise<Entry[]>;
      })
      .then(setPeople, (e: Error) => onError(e.message));
  }, [onError]);

  const units = useMemo(() => {
    const q = search.trim();
    const byUnit = new Map<string, Entry[]>();
    for (const p of people ?? []) {
      if (q && !`${p.name}${p.code}${p.unitName ?? ''}${p.roleLabels.join('')}`.includes(q)) continue;
      const unit = p.unitName ?? '区教育局（全区）';
      byUnit.set(unit, [...(byUnit.get(unit) ?? []), p]);
    }
    return [...byUnit];
  }, [people, search]);

  async function choose(code: string) {
    const res = await fetch('/dev/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    if (!res.ok) return onError(`登录失败（${res.status}）`);
    signIn(((await res.json()) as { token: string }).token);
    void navigate(next, { replace: true });
  }

  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="开发环境登录"
        description="选择演示区的一位人员即以其身份登录（一小时内有效）。生产环境不提供此页面。"
      />
      <Input.Search
        aria-label="按姓名、工号、单位或角色查找"
        placeholder="按姓名、工号、单位或角色查找"
        allowClear
        onChange={(e) => setSearch(e.target.value)}
        style={{ marginBottom: 16 }}
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {units.map(([unit, entries]) => (
          <Card key={unit} title={<h2 style={{ fontSize: 16, margin: 0 }}>{unit}</h2>} size="small">
            <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {entries.map((p) => (
                <li key={p.code} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <Button type="link" onClick={() => void choose(p.code)} style={{ padding: 0 }}>
                    {p.name}（{p.code}）
                  </Button>{' '}
                  <span style={{ color: '#595959' }}>
                    {[p.departmentName, p.position, p.formType ? FORM_TYPE_LABELS[p.formType] : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>{' '}
                  {p.roleLabels.map((r) => (
                    <Tag key={r} color="blue">
                      {r}
                    </Tag>
                  ))}
                </li>
              ))}
            </ul>
          </Card>
        ))}
      </Space>
    </>
  );
}
