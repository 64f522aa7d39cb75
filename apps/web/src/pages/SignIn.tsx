import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { FORM_TYPE_LABELS } from '../lib/labels';
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

/** Development sign-in: the demo district's people by unit; choosing one signs in as them. */
export function SignIn() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [people, setPeople] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const next = safeNext(params.get('next'));

  useEffect(() => {
    fetch('/dev/people')
      .then((res) => {
        if (!res.ok)
          throw new Error(res.status === 404 ? '生产环境请通过单位统一身份认证登录。' : `服务器返回 ${res.status}`);
        return res.json() as Promise<Entry[]>;
      })
      .then(setPeople, (e: Error) => setError(e.message));
  }, []);

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
    if (!res.ok) return setError(`登录失败（${res.status}）`);
    signIn(((await res.json()) as { token: string }).token);
    void navigate(next, { replace: true });
  }

  return (
    <main style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        岗位廉政风险防控 · 登录
      </Typography.Title>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="开发环境登录"
        description="选择演示区的一位人员即以其身份登录（一小时内有效）。生产环境不提供此页面。"
      />
      {params.get('next') && <Alert type="warning" style={{ marginBottom: 16 }} title="登录已过期，请重新登录。" />}
      {error && <Alert type="error" style={{ marginBottom: 16 }} title={error} />}
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
    </main>
  );
}
