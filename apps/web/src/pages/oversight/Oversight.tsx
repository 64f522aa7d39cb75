import { Link, Outlet, useLocation } from 'react-router';
import { Result, Select, Space, Spin, Typography } from 'antd';
import { oversightUnits } from '../../lib/roles';
import { useMe } from '../me';
import { useRosterUnits } from '../units';

const SECTIONS = [
  { path: '/oversight/complaints', label: '投诉举报' },
  { path: '/oversight/disposal', label: '问题处置' },
  { path: '/oversight/evaluations', label: '评估评议' },
  { path: '/oversight/corrections', label: '修正完善' },
] as const;

/**
 * The units a handler may pick, with their names: every unit for the district's office and discipline team, a
 * unit's discipline team its own units. `district` says whether "every unit" is theirs to list.
 */
export function useOversightUnits(): {
  units: { id: string; name: string }[];
  district: boolean;
  nameOf: (id: string) => string;
} {
  const me = useMe();
  const { units: all = [] } = useRosterUnits();
  const scopes = me ? oversightUnits(me) : [];
  const district = scopes.includes(null);
  const names = new Map(all.map((u) => [u.id, u.name]));
  const units = district ? all : all.filter((u) => scopes.includes(u.id));
  return { units, district, nameOf: (id) => names.get(id) ?? id };
}

/** A labelled unit picker; `allowAll` offers "全部单位" (the empty value) to district-wide handlers. */
export function UnitPicker({
  id,
  value,
  onChange,
  allowAll,
}: {
  id: string;
  value: string | null;
  onChange: (unitId: string | null) => void;
  allowAll: boolean;
}) {
  const { units } = useOversightUnits();
  return (
    <Space wrap>
      <label htmlFor={id}>单位</label>
      <Select
        id={id}
        style={{ minWidth: 200 }}
        value={value ?? (allowAll ? '' : undefined)}
        placeholder="请选择单位"
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(v: string) => onChange(v || null)}
        options={[
          ...(allowAll ? [{ value: '', label: '全部单位' }] : []),
          ...units.map((u) => ({ value: u.id, label: u.name })),
        ]}
      />
    </Space>
  );
}

/**
 * 监督管理: the office's and the discipline team's console for complaints, disposal, evaluation and correction.
 * Others are refused here; the gateway refuses their calls as well.
 */
export default function Oversight() {
  const me = useMe();
  const location = useLocation();
  if (!me) return <Spin />;
  if (oversightUnits(me).length === 0)
    return (
      <Result
        status="403"
        title={<h2 style={{ fontSize: 20, margin: 0 }}>无权访问监督管理</h2>}
        subTitle="投诉举报、问题处置、评估评议和修正完善仅由领导小组办公室和派驻纪检组、监察室办理。"
      />
    );
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }} className="no-print">
        监督管理
      </Typography.Title>
      <nav aria-label="监督管理" className="oversight-nav">
        <Space wrap style={{ marginBottom: 12 }}>
          {SECTIONS.map((s) => {
            const current = location.pathname.startsWith(s.path);
            return (
              <Link
                key={s.path}
                to={s.path}
                aria-current={current ? 'page' : undefined}
                style={{ fontWeight: current ? 600 : undefined, textDecoration: current ? 'underline' : undefined }}
              >
                {s.label}
              </Link>
            );
          })}
        </Space>
      </nav>
      <Outlet />
    </>
  );
}
