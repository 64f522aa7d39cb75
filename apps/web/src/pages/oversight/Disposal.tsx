import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { DisposalMeasure, DisposalSource, OversightDisposalCasesQuery } from '../../gql/graphql';
import { DISPOSAL_MEASURE_LABELS, DISPOSAL_SOURCE_LABELS, DISPOSAL_STATUS_LABELS, options } from '../../lib/labels';
import { ErrorNotice, SOLID, placeFieldErrors } from '../common';
import { CampaignPicker, Scroll, none, useCampaignId } from '../office/campaign';
import { UnitPicker, useOversightUnits } from './Oversight';

const CasesQuery = graphql(`
  query OversightDisposalCases($unitId: ID, $status: String) {
    disposalCases(unitId: $unitId, status: $status) {
      id
      campaignId
      unitId
      personCode
      personName
      problem
      source
      status
      measure
      dueAt
      overdueAtTop
      outcome
      steps {
        measure
        measureLabel
        followUp
        appliedAt
        dueAt
        because
        response
        respondedAt
        rejections
      }
    }
  }
`);

const OpenMutation = graphql(`
  mutation OversightOpenDisposalCase($input: OpenDisposalCaseInput!) {
    openDisposalCase(input: $input) {
      id
    }
  }
`);

const VerifyMutation = graphql(`
  mutation OversightVerifyDisposal($input: VerifyDisposalInput!) {
    verifyDisposal(input: $input) {
      id
      status
    }
  }
`);

const EscalateMutation = graphql(`
  mutation OversightEscalateDisposal($input: EscalateDisposalInput!) {
    escalateDisposal(input: $input) {
      id
      measure
    }
  }
`);

type Case = OversightDisposalCasesQuery['disposalCases'][number];
const LADDER = Object.keys(DISPOSAL_MEASURE_LABELS);
const day = (d: string) => dayjs(d).format('YYYY-MM-DD');

/** R17: disposal cases with their ladder of measures and deadlines; open, escalate and verify them. */
export default function Disposal() {
  const [params, setParams] = useSearchParams();
  const { district, units, nameOf } = useOversightUnits();
  const unitId = params.get('unit') ?? (district ? null : (units[0]?.id ?? null));
  const status = params.get('status');
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: CasesQuery,
    variables: { unitId, status },
    pause: !district && !unitId,
  });
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const open = data?.disposalCases.find((c) => c.id === openId) ?? null;
  const reload = () => refetch({ requestPolicy: 'network-only' });

  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 18 }}>
        问题处置
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <UnitPicker id="disposal-unit" value={unitId} onChange={(v) => setParam('unit', v)} allowAll={district} />
        <Space wrap>
          <label htmlFor="disposal-status">状态</label>
          <Select
            id="disposal-status"
            style={{ minWidth: 120 }}
            value={status ?? ''}
            onChange={(v: string) => setParam('status', v || null)}
            options={[{ value: '', label: '全部状态' }, ...options(DISPOSAL_STATUS_LABELS)]}
          />
        </Space>
        <Button type="primary" onClick={() => setCreating(true)}>
          新建处置
        </Button>
      </Space>
      <ErrorNotice error={error} />
      <Scroll label="处置案件列表">
        <Table
          rowKey="id"
          style={{ minWidth: 900 }}
          loading={fetching && !data}
          dataSource={data?.disposalCases ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: none('没有处置案件') }}
          columns={[
            { title: '当事人', render: (_, c) => `${c.personName}（${c.personCode}）` },
            { title: '单位', render: (_, c) => nameOf(c.unitId) },
            {
              title: '问题',
              render: (_, c) => (
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, maxWidth: 280 }}>
                  {c.problem}
                </Typography.Paragraph>
              ),
            },
            { title: '当前措施', render: (_, c) => <Tag>{DISPOSAL_MEASURE_LABELS[c.measure]}</Tag> },
            { title: '答复期限', render: (_, c) => (c.dueAt ? day(c.dueAt) : '—') },
            {
              title: '状态',
              render: (_, c) => (
                <Space size={2} wrap>
                  <Tag color={c.status === 'OPEN' ? '#0958d9' : SOLID.green}>{DISPOSAL_STATUS_LABELS[c.status]}</Tag>
                  {c.overdueAtTop && <Tag color={SOLID.red}>最高措施逾期</Tag>}
                </Space>
              ),
            },
            {
              title: '操作',
              render: (_, c) => (
                <Button
                  size="small"
                  onClick={() => setOpenId(c.id)}
                  aria-label={`${c.status === 'OPEN' ? '办理' : '查看'}：${c.personName}`}
                >
                  {c.status === 'OPEN' ? '办理' : '查看'}
                </Button>
              ),
            },
          ]}
        />
      </Scroll>
      {open && (
        <CaseDrawer disposal={open} unitName={nameOf(open.unitId)} onClose={() => setOpenId(null)} onChanged={reload} />
      )}
      {creating && <OpenCase defaultUnit={unitId} onClose={() => setCreating(false)} onOpened={reload} />}
    </>
  );
}

/** The ladder: every measure, mildest first; those applied carry their dates, the one in force its deadline. */
function Ladder({ c }: { c: Case }) {
  const top = LADDER.indexOf(c.measure);
  return (
    <Steps
      size="small"
      orientation="vertical"
      current={top}
      status={c.status === 'CLOSED' ? 'finish' : c.overdueAtTop ? 'error' : 'process'}
      items={LADDER.map((m) => {
        const step = c.steps.find((s) => s.measure === m);
        return {
          title: DISPOSAL_MEASURE_LABELS[m],
          content: step
            ? `${day(step.appliedAt)} 采取；${step.followUp}，期限 ${day(step.dueAt)}${step.response ? `；已答复` : ''}`
            : LADDER.indexOf(m) < top
              ? '未经此级'
              : LADDER.indexOf(m) === top + 1 && c.status === 'OPEN'
                ? '逾期未答复时升级至此'
                : '尚未采取',
        };
      })}
    />
  );
}

function CaseDrawer({
  disposal: c,
  unitName,
  onClose,
  onChanged,
}: {
  disposal: Case;
  unitName: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const last = c.steps.at(-1);
  return (
    <Drawer open title={`处置：${c.personName}`} onClose={onClose} size="large" destroyOnHidden>
      <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label="当事人">
          {c.personName}（{c.personCode}）
        </Descriptions.Item>
        <Descriptions.Item label="单位">{unitName}</Descriptions.Item>
        <Descriptions.Item label="问题">{c.problem}</Descriptions.Item>
        <Descriptions.Item label="来源">{DISPOSAL_SOURCE_LABELS[c.source]}</Descriptions.Item>
        <Descriptions.Item label="状态">{DISPOSAL_STATUS_LABELS[c.status]}</Descriptions.Item>
        {c.dueAt && <Descriptions.Item label="答复期限">{day(c.dueAt)}</Descriptions.Item>}
        {c.outcome && <Descriptions.Item label="处置结果">{c.outcome}</Descriptions.Item>}
      </Descriptions>
      {c.overdueAtTop && (
        <Alert style={{ marginTop: 12 }} type="error" showIcon title="最高一级措施已逾期未答复，已告知派驻纪检组" />
      )}
      <Card size="small" title="处置阶梯" style={{ marginTop: 12 }}>
        <Ladder c={c} />
      </Card>
      <Card size="small" title="处置经过" style={{ marginTop: 12 }}>
        <Scroll label="处置经过">
          <Table
            size="small"
            rowKey={(s) => `${s.measure}-${s.appliedAt}`}
            style={{ minWidth: 640 }}
            pagination={false}
            dataSource={c.steps}
            columns={[
              { title: '措施', dataIndex: 'measureLabel' },
              { title: '采取', render: (_, s) => day(s.appliedAt) },
              { title: '期限', render: (_, s) => day(s.dueAt) },
              { title: '原因', dataIndex: 'because' },
              { title: '答复', render: (_, s) => s.response ?? '—' },
              { title: '未通过理由', render: (_, s) => s.rejections.join('；') || '—' },
            ]}
          />
        </Scroll>
      </Card>
      {c.status === 'OPEN' && last?.response && <VerifyForm caseId={c.id} onDone={onChanged} />}
      {c.status === 'OPEN' && c.measure !== LADDER.at(-1) && <EscalateForm c={c} onDone={onChanged} />}
    </Drawer>
  );
}

function VerifyForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const [state, verify] = useMutation(VerifyMutation);
  const [form] = Form.useForm<{ accepted: boolean; outcome: string }>();
  const { message } = AntApp.useApp();
  return (
    <Card size="small" title="核实答复" style={{ marginTop: 12 }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ accepted: true }}
        onFinish={(v) =>
          void (async () => {
            const r = await verify({ input: { caseId, ...v, idempotencyKey: crypto.randomUUID() } });
            placeFieldErrors(form, r.error);
            if (r.error) return;
            void message.success(v.accepted ? '已核实，处置办结' : '答复未通过，已告知当事人');
            onDone();
          })()
        }
      >
        <Form.Item name="accepted" label="核实结论">
          <Radio.Group
            options={[
              { value: true, label: '通过，办结' },
              { value: false, label: '不通过' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="outcome"
          label="处置结果或不通过理由"
          rules={[{ required: true, whitespace: true, message: '请填写' }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ErrorNotice error={state.error} />
          <Button type="primary" htmlType="submit" loading={state.fetching}>
            提交核实
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

function EscalateForm({ c, onDone }: { c: Case; onDone: () => void }) {
  const [state, escalate] = useMutation(EscalateMutation);
  const [form] = Form.useForm<{ reason: string }>();
  const { message, modal } = AntApp.useApp();
  const next = DISPOSAL_MEASURE_LABELS[LADDER[LADDER.indexOf(c.measure) + 1]!];
  return (
    <Card size="small" title={`升级为${next}`} style={{ marginTop: 12 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          void (async () => {
            const confirmed = await modal.confirm({
              title: '确认升级',
              content: `${c.personName}：${DISPOSAL_MEASURE_LABELS[c.measure]} → ${next}；理由：${v.reason}`,
              okText: '确认升级',
              cancelText: '取消',
            });
            if (!confirmed) return;
            const r = await escalate({
              input: { caseId: c.id, reason: v.reason, idempotencyKey: crypto.randomUUID() },
            });
            placeFieldErrors(form, r.error);
            if (r.error) return;
            void message.success(`已升级为${next}`);
            form.resetFields();
            onDone();
          })()
        }
      >
        <Form.Item
          name="reason"
          label="升级理由"
          rules={[{ required: true, whitespace: true, message: '请填写升级理由' }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ErrorNotice error={state.error} />
          <Button htmlType="submit" loading={state.fetching}>
            升级措施
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

interface OpenValues {
  unitId: string;
  personCode: string;
  problem: string;
  source: DisposalSource;
  sourceRef?: string;
  firstMeasure: DisposalMeasure;
  rectificationWorkingDays?: number;
}

function OpenCase({
  defaultUnit,
  onClose,
  onOpened,
}: {
  defaultUnit: string | null;
  onClose: () => void;
  onOpened: () => void;
}) {
  const { campaignId } = useCampaignId();
  const { units } = useOversightUnits();
  const [state, openCase] = useMutation(OpenMutation);
  const [form] = Form.useForm<OpenValues>();
  const { message } = AntApp.useApp();
  return (
    <Modal open title="新建处置" onCancel={onClose} footer={null} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <CampaignPicker key={campaignId} campaignId={campaignId} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ unitId: defaultUnit ?? undefined, source: 'COMPLAINT', firstMeasure: 'TALK' }}
          onFinish={(v) =>
            void (async () => {
              const r = await openCase({
                input: {
                  campaignId: campaignId ?? '',
                  unitId: v.unitId,
                  personCode: v.personCode.trim(),
                  problem: v.problem,
                  source: v.source,
                  sourceRef: v.sourceRef?.trim() || null,
                  firstMeasure: v.firstMeasure,
                  rectificationWorkingDays: v.rectificationWorkingDays ?? null,
                },
              });
              placeFieldErrors(form, r.error);
              if (r.error) return;
              void message.success('已新建处置');
              onOpened();
              onClose();
            })()
          }
        >
          <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item
            name="personCode"
            label="当事人工号"
            rules={[{ required: true, whitespace: true, message: '请填写当事人工号' }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="problem" label="问题" rules={[{ required: true, whitespace: true, message: '请填写问题' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="source" label="问题来源" rules={[{ required: true }]}>
            <Select options={options(DISPOSAL_SOURCE_LABELS)} />
          </Form.Item>
          <Form.Item name="sourceRef" label="来源编号（选填）">
            <Input />
          </Form.Item>
          <Form.Item name="firstMeasure" label="首次措施" rules={[{ required: true }]}>
            <Select options={options(DISPOSAL_MEASURE_LABELS)} />
          </Form.Item>
          <Form.Item name="rectificationWorkingDays" label="整改期限（工作日，默认 20）">
            <InputNumber min={1} max={120} precision={0} />
          </Form.Item>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ErrorNotice error={state.error} />
            <Button type="primary" htmlType="submit" loading={state.fetching} disabled={!campaignId}>
              新建
            </Button>
          </Space>
        </Form>
      </Space>
    </Modal>
  );
}
