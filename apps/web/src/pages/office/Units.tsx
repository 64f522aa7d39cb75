import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { CampaignActionKind, Phase } from '../../gql/graphql';
import {
  MOBILISATION_ITEM_LABELS,
  PHASE_LABELS,
  RUNG_LABELS,
  SCREENING_STAGE_LABELS,
  PHASE_STATUS_LABELS,
} from '../../lib/labels';
import { useMe } from '../me';
import { ErrorNotice, SOLID } from '../common';
import { useRosterUnits } from '../units';
import { CampaignPicker, Scroll, none, useCampaignId, useLiveRefresh, yearRanges } from './campaign';

const UnitsQuery = graphql(`
  query OfficeUnits($campaignId: ID!, $after: String) {
    campaign(id: $campaignId) {
      id
      year
      status
      pausedUnits
    }
    campaignUnits(campaignId: $campaignId, first: 200, after: $after) {
      endCursor
      hasNextPage
      nodes {
        unitId
        unitName
        paused
        screeningStage
        phases {
          phase
          status
          rung
          deadline
        }
      }
    }
  }
`);

const EscalationsQuery = graphql(`
  query OfficeEscalations($campaignId: ID!) {
    campaignEscalations(campaignId: $campaignId, first: 500) {
      id
      unitId
      phase
      rung
      deadline
      firedAt
      message
      notifiedCount
    }
  }
`);

const UnitQuery = graphql(`
  query OfficeUnit($campaignId: ID!, $unitId: ID!) {
    unitCampaign(campaignId: $campaignId, unitId: $unitId) {
      unitId
      source
      paused
      cancelled
      closedReason
      screeningStage
      staff
      approvedForms
      archiveVersion
      noticeOpensAt
      noticeClosesAt
      missingHolidayYears
      phases {
        phase
        status
        deadline
        openedAt
        completedAt
        rungs
      }
      mobilisation {
        item
        at
        by
        attendance
      }
    }
  }
`);

const ActionMutation = graphql(`
  mutation OfficeCampaignAction($campaignId: ID!, $input: CampaignActionInput!) {
    campaignAction(campaignId: $campaignId, input: $input) {
      id
      pausedUnits
      unitCount
    }
  }
`);

const RedoMutation = graphql(`
  mutation OfficeOrderRedo($input: RedoOrderInput!) {
    orderRedo(input: $input)
  }
`);

type UnitRow = NonNullable<ReturnType<typeof useUnits>['rows']>[number];

function useUnits(campaignId: string | null) {
  const [{ data, error, fetching }, refetch] = useQuery({
    query: UnitsQuery,
    variables: { campaignId: campaignId ?? '' },
    pause: !campaignId,
  });
  useLiveRefresh(campaignId, refetch);
  return { rows: data?.campaignUnits.nodes, campaign: data?.campaign, error, fetching, refetch };
}

const STATUS_COLOURS: Record<string, string | undefined> = {
  IN_PROGRESS: '#0958d9',
  COMPLETE: SOLID.green,
  CLOSED: '#595959',
};

function PhaseCell({ p }: { p: UnitRow['phases'][number] }) {
  const late = p.status === 'IN_PROGRESS' && p.rung && p.rung !== 'REMINDER';
  return (
    <Space size={2} orientation="vertical">
      <Tag color={late ? SOLID.red : STATUS_COLOURS[p.status]}>
        {late ? RUNG_LABELS[p.rung!] : PHASE_STATUS_LABELS[p.status]}
      </Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        截止 {dayjs(p.deadline).format('YYYY-MM-DD')}
      </Typography.Text>
    </Space>
  );
}

/** Units of a campaign with their live state, the office's controls, and the escalations list. */
export default function Units() {
  const { campaignId, loading } = useCampaignId();
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const isOffice = !!me?.roles.some((g) => g.role === 'OFFICE_ADMIN');
  const { rows, campaign, error, fetching, refetch } = useUnits(campaignId);
  const [{ data: escalations }] = useQuery({
    query: EscalationsQuery,
    variables: { campaignId: campaignId ?? '' },
    pause: !campaignId,
  });
  const [adding, setAdding] = useState(false);
  const phase = params.get('phase');
  const status = params.get('status');
  const unitId = params.get('unit');

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const shown = (rows ?? []).filter((u) => {
    if (!phase || !status) return true;
    const p = u.phases.find((x) => x.phase === phase);
    if (!p) return false;
    const late = p.status === 'IN_PROGRESS' && !!p.rung && p.rung !== 'REMINDER';
    if (status === 'OVERDUE') return late;
    if (status === 'IN_PROGRESS') return p.status === 'IN_PROGRESS' && !late;
    return p.status === status;
  });
  const names = new Map((rows ?? []).map((u) => [u.unitId, u.unitName]));

  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        单位进度
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <CampaignPicker key={campaignId} campaignId={campaignId} />
        {isOffice && campaignId && (
          <Button onClick={() => setAdding(true)} disabled={campaign?.status !== 'RUNNING'}>
            添加单位
          </Button>
        )}
      </Space>
      {phase && status && (
        <Typography.Paragraph>
          筛选：{PHASE_LABELS[phase]} · {status === 'OVERDUE' ? '逾期' : (PHASE_STATUS_LABELS[status] ?? status)}{' '}
          <Button
            size="small"
            onClick={() => {
              const next = new URLSearchParams(params);
              next.delete('phase');
              next.delete('status');
              setParams(next);
            }}
          >
            清除筛选
          </Button>
        </Typography.Paragraph>
      )}
      <ErrorNotice error={error} />
      {loading ? (
        <Spin />
      ) : !campaignId ? (
        <Empty description="尚未启动活动" />
      ) : (
        <Scroll label={'单位列表'}>
          <Table
            rowKey="unitId"
            loading={fetching && !rows}
            dataSource={shown}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: none('没有单位') }}
            columns={[
              {
                title: '单位',
                render: (_, u) => (
                  <Button type="link" style={{ padding: 0 }} onClick={() => setParam('unit', u.unitId)}>
                    {u.unitName}
                  </Button>
                ),
              },
              ...Object.entries(PHASE_LABELS).map(([key, title]) => ({
                title,
                key,
                render: (_: unknown, u: UnitRow) => {
                  const p = u.phases.find((x) => x.phase === key);
                  return p ? <PhaseCell p={p} /> : '—';
                },
              })),
              {
                title: '排查进度',
                render: (_, u) => (u.screeningStage ? SCREENING_STAGE_LABELS[u.screeningStage] : '—'),
              },
              { title: '状态', render: (_, u) => (u.paused ? <Tag color={SOLID.orange}>已暂停</Tag> : null) },
            ]}
          />
        </Scroll>
      )}
      <Card size="small" title="预警与升级" style={{ marginTop: 12 }}>
        <Scroll label={'预警列表'}>
          <Table
            size="small"
            rowKey="id"
            dataSource={escalations?.campaignEscalations ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: none('暂无预警') }}
            columns={[
              { title: '时间', render: (_, e) => dayjs(e.firedAt).format('YYYY-MM-DD HH:mm') },
              { title: '单位', render: (_, e) => names.get(e.unitId) ?? e.unitId },
              { title: '阶段', render: (_, e) => PHASE_LABELS[e.phase] },
              { title: '级别', render: (_, e) => <Tag color={SOLID.red}>{RUNG_LABELS[e.rung]}</Tag> },
              { title: '截止', render: (_, e) => dayjs(e.deadline).format('YYYY-MM-DD') },
              { title: '通知人数', dataIndex: 'notifiedCount' },
              { title: '内容', dataIndex: 'message' },
            ]}
          />
        </Scroll>
      </Card>
      {campaignId && unitId && (
        <UnitDrawer
          campaignId={campaignId}
          unitId={unitId}
          unitName={names.get(unitId) ?? unitId}
          isOffice={isOffice}
          onClose={() => setParam('unit', null)}
          onChanged={() => refetch({ requestPolicy: 'network-only' })}
        />
      )}
      {campaignId && adding && (
        <AddUnit
          campaignId={campaignId}
          taking={new Set(names.keys())}
          onClose={() => setAdding(false)}
          onAdded={() => refetch({ requestPolicy: 'network-only' })}
        />
      )}
    </>
  );
}

/** Each control with its Chinese name and what it needs besides the reason. */
const CONTROLS = {
  EXTEND: '延长截止日期',
  PAUSE: '暂停',
  RESUME: '恢复',
  CLOSE_UNIT: '关闭单位',
  REDO: '责令重新查找',
} as const;
type Control = keyof typeof CONTROLS;

interface ControlValues {
  control: Control;
  phase?: Phase;
  endsOn?: dayjs.Dayjs;
  personCode?: string;
  reason: string;
}

function UnitDrawer({
  campaignId,
  unitId,
  unitName,
  isOffice,
  onClose,
  onChanged,
}: {
  campaignId: string;
  unitId: string;
  unitName: string;
  isOffice: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: UnitQuery, variables: { campaignId, unitId } });
  const [action, act] = useMutation(ActionMutation);
  const [redo, orderRedo] = useMutation(RedoMutation);
  const [form] = Form.useForm<ControlValues>();
  const control = Form.useWatch('control', form);
  const { message, modal } = AntApp.useApp();
  const u = data?.unitCampaign;

  async function run(v: ControlValues) {
    const what = `${unitName}：${CONTROLS[v.control]}${
      v.control === 'EXTEND' ? `（${PHASE_LABELS[v.phase!]} 截止至 ${v.endsOn!.format('YYYY-MM-DD')}）` : ''
    }`;
    const confirmed = await modal.confirm({
      title: '确认操作',
      content: (
        <>
          <p>{what}</p>
          <p>理由：{v.reason}</p>
        </>
      ),
      okText: '确认',
      cancelText: '取消',
    });
    if (!confirmed) return;
    const r =
      v.control === 'REDO'
        ? await orderRedo({ input: { campaignId, unitId, reason: v.reason, personCode: v.personCode || null } })
        : await act({
            campaignId,
            input: {
              kind: v.control as CampaignActionKind,
              unitId,
              reason: v.reason,
              idempotencyKey: crypto.randomUUID(),
              phase: v.control === 'EXTEND' ? v.phase : null,
              endsOn: v.control === 'EXTEND' ? v.endsOn!.format('YYYY-MM-DD') : null,
            },
          });
    if (r.error) return;
    void message.success(
      v.control === 'REDO'
        ? `已责令重新查找，退回 ${(r.data as { orderRedo: number }).orderRedo} 份表`
        : `已${CONTROLS[v.control]}`,
    );
    form.resetFields(['reason']);
    refetch({ requestPolicy: 'network-only' });
    onChanged();
  }

  const inProgress = (u?.phases ?? []).filter((p) => p.status === 'IN_PROGRESS' || p.status === 'NOT_STARTED');
  return (
    <Drawer open title={unitName} onClose={onClose} size="large" destroyOnHidden>
      <ErrorNotice error={error} />
      {fetching && !u && <Spin />}
      {u && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="状态">
              {u.cancelled ? '已取消' : u.closedReason ? `已关闭：${u.closedReason}` : u.paused ? '已暂停' : '进行中'}
            </Descriptions.Item>
            <Descriptions.Item label="排查进度">
              {SCREENING_STAGE_LABELS[u.screeningStage] ?? u.screeningStage}
            </Descriptions.Item>
            <Descriptions.Item label="表单通过">
              {u.approvedForms} / {u.staff}
            </Descriptions.Item>
            {u.noticeOpensAt && (
              <Descriptions.Item label="公示">
                {dayjs(u.noticeOpensAt).format('YYYY-MM-DD')} 至{' '}
                {u.noticeClosesAt ? dayjs(u.noticeClosesAt).format('YYYY-MM-DD') : '—'}
              </Descriptions.Item>
            )}
            {u.archiveVersion && <Descriptions.Item label="风险档案">第 {u.archiveVersion} 版</Descriptions.Item>}
            <Descriptions.Item label="动员记录">
              {u.mobilisation.length
                ? u.mobilisation
                    .map(
                      (m) =>
                        `${MOBILISATION_ITEM_LABELS[m.item]}（${dayjs(m.at).format('MM-DD')}${
                          m.attendance ? `，${m.attendance} 人参加` : ''
                        }）`,
                    )
                    .join('；')
                : '尚未记录'}
            </Descriptions.Item>
            {u.missingHolidayYears.length > 0 && (
              <Descriptions.Item label="节假日">{yearRanges(u.missingHolidayYears)} 年无数据</Descriptions.Item>
            )}
          </Descriptions>
          <Scroll label={'各阶段状态'}>
            <Table
              style={{ marginTop: 12 }}
              size="small"
              rowKey="phase"
              pagination={false}
              dataSource={u.phases}
              aria-label="各阶段状态"
              columns={[
                { title: '阶段', render: (_, p) => PHASE_LABELS[p.phase] },
                { title: '状态', render: (_, p) => PHASE_STATUS_LABELS[p.status] },
                { title: '截止', render: (_, p) => dayjs(p.deadline).format('YYYY-MM-DD') },
                {
                  title: '预警',
                  render: (_, p) => p.rungs.map((r) => <Tag key={r}>{RUNG_LABELS[r]}</Tag>),
                },
                {
                  title: '完成',
                  render: (_, p) => (p.completedAt ? dayjs(p.completedAt).format('YYYY-MM-DD') : '—'),
                },
              ]}
            />
          </Scroll>
          {isOffice && (
            <Card size="small" title="办公室操作" style={{ marginTop: 12 }}>
              <ErrorNotice error={action.error ?? redo.error} />
              <Form
                form={form}
                layout="vertical"
                initialValues={{ control: 'EXTEND' }}
                onFinish={(v) => void run(v)}
                requiredMark
              >
                <Form.Item name="control" label="操作" rules={[{ required: true }]}>
                  <Select
                    options={Object.entries(CONTROLS).map(([value, label]) => ({
                      value,
                      label,
                      disabled: (value === 'PAUSE' && u.paused) || (value === 'RESUME' && !u.paused),
                    }))}
                  />
                </Form.Item>
                {control === 'EXTEND' && (
                  <>
                    <Form.Item name="phase" label="阶段" rules={[{ required: true, message: '请选择阶段' }]}>
                      <Select options={inProgress.map((p) => ({ value: p.phase, label: PHASE_LABELS[p.phase] }))} />
                    </Form.Item>
                    <Form.Item
                      name="endsOn"
                      label="新的截止日期（含当日）"
                      rules={[{ required: true, message: '请选择日期' }]}
                    >
                      <DatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </>
                )}
                {control === 'REDO' && (
                  <Form.Item name="personCode" label="工号（不填则全单位已通过的表）">
                    <Input />
                  </Form.Item>
                )}
                <Form.Item
                  name="reason"
                  label="理由"
                  rules={[{ required: true, whitespace: true, message: '请填写理由' }]}
                >
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={action.fetching || redo.fetching}>
                  提交
                </Button>
              </Form>
            </Card>
          )}
        </>
      )}
    </Drawer>
  );
}

function AddUnit({
  campaignId,
  taking,
  onClose,
  onAdded,
}: {
  campaignId: string;
  taking: Set<string>;
  onClose: () => void;
  onAdded: () => void;
}) {
  const { units } = useRosterUnits();
  const [state, act] = useMutation(ActionMutation);
  const [form] = Form.useForm<{ unitId: string; reason: string }>();
  const { modal, message } = AntApp.useApp();
  const choices = (units ?? []).filter((u) => !taking.has(u.id));
  return (
    <Modal open title="添加单位" onCancel={onClose} footer={null} destroyOnHidden>
      <ErrorNotice error={state.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          void (async () => {
            const name = choices.find((u) => u.id === v.unitId)?.name ?? v.unitId;
            if (
              !(await modal.confirm({
                title: '确认添加',
                content: `将 ${name} 加入本年度活动`,
                okText: '确认',
                cancelText: '取消',
              }))
            )
              return;
            const r = await act({
              campaignId,
              input: { kind: 'ADD_UNIT', unitId: v.unitId, reason: v.reason, idempotencyKey: crypto.randomUUID() },
            });
            if (r.error) return;
            void message.success(`已添加 ${name}`);
            onAdded();
            onClose();
          })()
        }
      >
        <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={choices.map((u) => ({ value: u.id, label: u.name }))}
            loading={!units}
            notFoundContent={units && !choices.length ? '名册中的单位都已参加' : '没有匹配的单位'}
          />
        </Form.Item>
        <Form.Item name="reason" label="理由" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={state.fetching}>
          添加
        </Button>
      </Form>
    </Modal>
  );
}
