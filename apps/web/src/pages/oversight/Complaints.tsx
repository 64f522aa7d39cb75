import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import {
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { ComplaintStatus, OversightComplaintsQuery } from '../../gql/graphql';
import { COMPLAINT_STATUS_LABELS, COMPLAINT_SUBJECT_LABELS, options } from '../../lib/labels';
import { ErrorNotice, SOLID, placeFieldErrors } from '../common';
import { Scroll, none } from '../office/campaign';
import { UnitPicker, useOversightUnits } from './Oversight';

const ComplaintsQuery = graphql(`
  query OversightComplaints($unitId: ID, $status: ComplaintStatus) {
    complaints(unitId: $unitId, status: $status) {
      id
      unitId
      subjectKind
      text
      named
      escalated
      status
      statusLabel
      receivedAt
      dueAt
      complainantName
      complainantContact
      events {
        kind
        at
        detail
      }
    }
  }
`);

const TriageMutation = graphql(`
  mutation OversightTriageComplaint($input: TriageComplaintInput!) {
    triageComplaint(input: $input) {
      id
      status
    }
  }
`);

const ConcludeMutation = graphql(`
  mutation OversightConcludeComplaint($input: ConcludeComplaintInput!) {
    concludeComplaint(input: $input) {
      id
      status
    }
  }
`);

type Complaint = OversightComplaintsQuery['complaints'][number];

const STATUS_COLOURS: Record<string, string> = {
  RECEIVED: SOLID.orange,
  ACCEPTED: '#0958d9',
  REFUSED: '#595959',
  CONCLUDED: SOLID.green,
};

const handling = (c: Complaint) => c.status === 'RECEIVED' || c.status === 'ACCEPTED';
const overdue = (c: Complaint) => !!c.dueAt && dayjs(c.dueAt).isBefore(dayjs());

/** R16: complaints by unit and status; accept or refuse each (with a reason), then conclude with the outcome. */
export default function Complaints() {
  const [params, setParams] = useSearchParams();
  const { district, units, nameOf } = useOversightUnits();
  // A unit's discipline team lists its own units' complaints only: the first of them unless one is chosen.
  const unitId = params.get('unit') ?? (district ? null : (units[0]?.id ?? null));
  const status = (params.get('status') as ComplaintStatus | null) ?? null;
  const [search, setSearch] = useState('');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ComplaintsQuery,
    variables: { unitId, status },
    pause: !district && !unitId,
  });
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const rows = (data?.complaints ?? []).filter((c) => !search.trim() || c.text.includes(search.trim()));
  const [open, setOpen] = useState<{ id: string; unitId: string } | null>(null);

  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 18 }}>
        投诉举报
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <UnitPicker id="complaint-unit" value={unitId} onChange={(v) => setParam('unit', v)} allowAll={district} />
        <Space wrap>
          <label htmlFor="complaint-status">状态</label>
          <Select
            id="complaint-status"
            style={{ minWidth: 140 }}
            value={status ?? ''}
            onChange={(v: string) => setParam('status', v || null)}
            options={[{ value: '', label: '全部状态' }, ...options(COMPLAINT_STATUS_LABELS)]}
          />
        </Space>
        <Input.Search
          aria-label="按内容查找"
          placeholder="按内容查找"
          allowClear
          onSearch={setSearch}
          style={{ width: 220 }}
        />
      </Space>
      <ErrorNotice error={error} />
      <Scroll label="投诉举报列表">
        <Table
          rowKey="id"
          style={{ minWidth: 960 }}
          loading={fetching && !data}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: none('没有投诉举报') }}
          columns={[
            { title: '收到时间', render: (_, c) => dayjs(c.receivedAt).format('YYYY-MM-DD HH:mm') },
            { title: '单位', render: (_, c) => nameOf(c.unitId) },
            { title: '对象', render: (_, c) => COMPLAINT_SUBJECT_LABELS[c.subjectKind] },
            {
              title: '事项',
              render: (_, c) => (
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, maxWidth: 320 }}>
                  {c.text}
                </Typography.Paragraph>
              ),
            },
            { title: '方式', render: (_, c) => (c.named ? '实名' : '匿名') },
            {
              title: '状态',
              render: (_, c) => <Tag color={STATUS_COLOURS[c.status]}>{c.statusLabel}</Tag>,
            },
            {
              title: '办理期限',
              render: (_, c) =>
                c.dueAt ? (
                  <Typography.Text type={overdue(c) ? 'danger' : undefined}>
                    {dayjs(c.dueAt).format('YYYY-MM-DD')}
                    {overdue(c) ? '（已逾期）' : ''}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            {
              title: '操作',
              render: (_, c) => (
                <Button
                  size="small"
                  onClick={() => setOpen({ id: c.id, unitId: c.unitId })}
                  aria-label={`${handling(c) ? '办理' : '查看'}：${c.text.slice(0, 20)}`}
                >
                  {handling(c) ? '办理' : '查看'}
                </Button>
              ),
            },
          ]}
        />
      </Scroll>
      {open && (
        <ComplaintDrawer
          {...open}
          unitName={nameOf(open.unitId)}
          onClose={() => setOpen(null)}
          onChanged={() => refetch({ requestPolicy: 'network-only' })}
        />
      )}
    </>
  );
}

/** One complaint, read with its unit's (whatever the list's filter), so that it stays open as its status moves. */
function ComplaintDrawer({
  id,
  unitId,
  unitName,
  onClose,
  onChanged,
}: {
  id: string;
  unitId: string;
  unitName: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [{ data, error }, refetch] = useQuery({ query: ComplaintsQuery, variables: { unitId, status: null } });
  const c = data?.complaints.find((x) => x.id === id);
  const changed = () => {
    refetch({ requestPolicy: 'network-only' });
    onChanged();
  };
  return (
    <Drawer open title="投诉举报办理" onClose={onClose} size="large" destroyOnHidden>
      <ErrorNotice error={error} />
      {c && <ComplaintDetail c={c} unitName={unitName} onChanged={changed} />}
    </Drawer>
  );
}

function ComplaintDetail({ c, unitName, onChanged }: { c: Complaint; unitName: string; onChanged: () => void }) {
  return (
    <>
      <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label="单位">{unitName}</Descriptions.Item>
        <Descriptions.Item label="对象">{COMPLAINT_SUBJECT_LABELS[c.subjectKind]}</Descriptions.Item>
        <Descriptions.Item label="事项">{c.text}</Descriptions.Item>
        <Descriptions.Item label="状态">{c.statusLabel}</Descriptions.Item>
        <Descriptions.Item label="举报人">
          {c.named
            ? c.complainantName
              ? `${c.complainantName}（${c.complainantContact}）`
              : '实名（无权查看）'
            : '匿名'}
        </Descriptions.Item>
        {c.dueAt && <Descriptions.Item label="办理期限">{dayjs(c.dueAt).format('YYYY-MM-DD')}</Descriptions.Item>}
      </Descriptions>
      <Card size="small" title="办理经过" style={{ marginTop: 12 }}>
        <Timeline
          items={c.events.map((e) => ({
            content: `${dayjs(e.at).format('YYYY-MM-DD HH:mm')} ${e.detail}`,
          }))}
        />
      </Card>
      {c.status === 'RECEIVED' && <TriageForm complaint={c} onDone={onChanged} />}
      {c.status === 'ACCEPTED' && <ConcludeForm complaint={c} onDone={onChanged} />}
    </>
  );
}

function TriageForm({ complaint, onDone }: { complaint: Complaint; onDone: () => void }) {
  const [state, triage] = useMutation(TriageMutation);
  const [form] = Form.useForm<{ accept: boolean; reason: string }>();
  const { message } = AntApp.useApp();
  return (
    <Card size="small" title="受理" style={{ marginTop: 12 }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ accept: true }}
        onFinish={(v) =>
          void (async () => {
            const r = await triage({
              input: {
                complaintId: complaint.id,
                accept: v.accept,
                reason: v.reason,
                idempotencyKey: crypto.randomUUID(),
              },
            });
            placeFieldErrors(form, r.error);
            if (r.error) return;
            void message.success(v.accept ? '已受理' : '已不予受理');
            onDone();
          })()
        }
      >
        <Form.Item name="accept" label="受理意见">
          <Radio.Group
            options={[
              { value: true, label: '予以受理' },
              { value: false, label: '不予受理' },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label="理由" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ErrorNotice error={state.error} />
          <Button type="primary" htmlType="submit" loading={state.fetching}>
            提交受理意见
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

function ConcludeForm({ complaint, onDone }: { complaint: Complaint; onDone: () => void }) {
  const [state, conclude] = useMutation(ConcludeMutation);
  const [form] = Form.useForm<{ substantiated: boolean; outcome: string }>();
  const { message, modal } = AntApp.useApp();
  return (
    <Card size="small" title="办结" style={{ marginTop: 12 }}>
      {complaint.named && <Typography.Paragraph>办结后，办理结果将通知实名举报人。</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          void (async () => {
            const confirmed = await modal.confirm({
              title: '确认办结',
              content: `核查结论：${v.substantiated ? '属实' : '不属实'}；办理结果：${v.outcome}`,
              okText: '确认办结',
              cancelText: '取消',
            });
            if (!confirmed) return;
            const r = await conclude({
              input: {
                complaintId: complaint.id,
                outcome: v.outcome,
                substantiated: v.substantiated,
                idempotencyKey: crypto.randomUUID(),
              },
            });
            placeFieldErrors(form, r.error);
            if (r.error) return;
            void message.success('已办结');
            onDone();
          })()
        }
      >
        <Form.Item name="substantiated" label="核查结论" rules={[{ required: true, message: '请选择核查结论' }]}>
          <Radio.Group
            options={[
              { value: true, label: '属实' },
              { value: false, label: '不属实' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="outcome"
          label="办理结果"
          rules={[{ required: true, whitespace: true, message: '请填写办理结果' }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ErrorNotice error={state.error} />
          <Button type="primary" htmlType="submit" loading={state.fetching}>
            办结
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
