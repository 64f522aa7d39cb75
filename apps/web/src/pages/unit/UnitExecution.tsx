import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { AnyVariables, CombinedError, OperationResult } from 'urql';
import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { graphql } from '../../gql';
import type { UnitRiskMeasuresQuery } from '../../gql/graphql';
import { APPRAISAL_LABELS, AUDIENCE_LABELS, UNIT_ACTIVITY_LABELS, options } from '../../lib/labels';
import { leadsUnit } from '../../lib/roles';
import { ErrorNotice, SOLID, emptyLocale, placeFieldErrors, useOpenCampaign } from '../common';
import { useMe } from '../me';

const MeasuresQuery = graphql(`
  query UnitRiskMeasures($campaignId: ID!, $unitId: ID!) {
    unitRiskMeasures(campaignId: $campaignId, unitId: $unitId, first: 500) {
      riskPointId
      postName
      description
      levelLabel
      controlMeasures
      responsiblePostName
      inPlace
      statusLabel
      evidence
      recordedAt
      recordedByName
      recordings
    }
  }
`);

const RecordsQuery = graphql(`
  query ExecutionRecords($campaignId: ID!, $unitId: ID!) {
    executionRecords(campaignId: $campaignId, unitId: $unitId) {
      commitments {
        id
        personName
        text
        audienceLabels
        publishedWhere
        publishedOn
      }
      activities {
        id
        kindLabel
        heldOn
        participants
        summary
        circular
      }
      dutyReports {
        id
        personName
        reportSummary
        approvalShare
        ratingLabel
      }
    }
  }
`);

const RecordMeasure = graphql(`
  mutation RecordMeasureImplementation($input: RecordMeasureImplementationInput!) {
    recordMeasureImplementation(input: $input) {
      id
    }
  }
`);

const RecordCommitment = graphql(`
  mutation RecordCommitment($input: RecordCommitmentInput!) {
    recordCommitment(input: $input) {
      id
    }
  }
`);

const RecordActivity = graphql(`
  mutation RecordUnitActivity($input: RecordUnitActivityInput!) {
    recordUnitActivity(input: $input) {
      id
    }
  }
`);

const RecordDutyReport = graphql(`
  mutation RecordDutyReport($input: RecordDutyReportInput!) {
    recordDutyReport(input: $input) {
      id
    }
  }
`);

type Measure = UnitRiskMeasuresQuery['unitRiskMeasures'][number];
interface Scope {
  campaignId: string;
  unitId: string;
}
const isoDay = (d: Dayjs) => d.format('YYYY-MM-DD');
const notFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

/** 执行记录 (R14–R16): measures in place with evidence, commitments, activities, duty reports. */
export default function UnitExecution() {
  const me = useMe();
  const { campaign, loading } = useOpenCampaign();
  if (!me || loading) return <Spin />;
  const unitId = leadsUnit(me);
  if (!campaign || !unitId) return <Empty description="目前没有进行中的风险防控工作" />;
  return <ExecutionOf campaignId={campaign.id} unitId={unitId} />;
}

function ExecutionOf(scope: Scope) {
  const [records, refetch] = useQuery({ query: RecordsQuery, variables: scope, requestPolicy: 'network-only' });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const r = records.data?.executionRecords;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        执行记录（{scope.campaignId} 年度 · {scope.unitId}）
      </Typography.Title>
      <ErrorNotice error={records.error} />
      <Section title="措施落实（R14）">
        <Measures {...scope} />
      </Section>
      <Section title={`公开承诺（${r?.commitments.length ?? 0}）`}>
        <CommitmentForm scope={scope} onRecorded={reload} />
        <List
          dataSource={r?.commitments ?? []}
          locale={emptyLocale('暂无承诺')}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta
                title={`${c.personName} · ${c.publishedOn} · ${c.publishedWhere}`}
                description={`${c.text}（对象：${c.audienceLabels.join('、')}）`}
              />
            </List.Item>
          )}
        />
      </Section>
      <Section title={`单位活动（${r?.activities.length ?? 0}）`}>
        <ActivityForm scope={scope} onRecorded={reload} />
        <List
          dataSource={r?.activities ?? []}
          locale={emptyLocale('暂无活动')}
          renderItem={(a) => (
            <List.Item>
              <List.Item.Meta
                title={`${a.kindLabel} · ${a.heldOn} · ${a.participants} 人`}
                description={a.circular ? `${a.summary}（通报：${a.circular}）` : a.summary}
              />
            </List.Item>
          )}
        />
      </Section>
      <Section title={`述职述廉（${r?.dutyReports.length ?? 0}）`}>
        <DutyReportForm scope={scope} onRecorded={reload} />
        <List
          dataSource={r?.dutyReports ?? []}
          locale={emptyLocale('暂无述职述廉')}
          renderItem={(d) => (
            <List.Item>
              <List.Item.Meta
                title={`${d.personName}${d.approvalShare != null ? ` · 好评率 ${Math.round(d.approvalShare * 100)}%` : ''}${d.ratingLabel ? ` · 测评 ${d.ratingLabel}` : ''}`}
                description={d.reportSummary}
              />
            </List.Item>
          )}
        />
      </Section>
    </Space>
  );
}

/** One kind of record, its form above its list; sections stack, so a phone scrolls down, never sideways. */
function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card size="small" title={<h3 style={{ fontSize: 16, margin: 0 }}>{title}</h3>}>
      {children}
    </Card>
  );
}

/**
 * A record form: sends the mutation, puts the server's field errors at their fields, and on success clears
 * itself and tells the list to reload.
 */
function useRecord<V extends AnyVariables, T>(
  form: FormInstance,
  send: (v: V) => Promise<OperationResult<T, V>>,
  onRecorded: () => void,
) {
  return async (variables: V) => {
    const r = await send(variables);
    placeFieldErrors(form, r.error);
    if (r.data) {
      form.resetFields();
      onRecorded();
    }
  };
}

function Submit({ label, busy, error }: { label: string; busy: boolean; error?: CombinedError }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ErrorNotice error={error} />
      <Button type="primary" htmlType="submit" loading={busy}>
        {label}
      </Button>
    </Space>
  );
}

/** R14: each archived risk point with its measure and responsible post; a recording says whether it is in place. */
function Measures(scope: Scope) {
  const [{ data, error, fetching }, refetch] = useQuery({
    query: MeasuresQuery,
    variables: scope,
    requestPolicy: 'network-only',
  });
  const [open, setOpen] = useState<Measure | null>(null);
  const measures = data?.unitRiskMeasures ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ErrorNotice error={error} />
      <div role="region" aria-label="风险点防控措施" tabIndex={0} style={{ overflowX: 'auto' }}>
        <Table<Measure>
          rowKey="riskPointId"
          size="small"
          loading={fetching}
          dataSource={measures}
          pagination={false}
          style={{ minWidth: 760 }}
          locale={emptyLocale('风险档案建立后，这里列出每个风险点的防控措施')}
          columns={[
            { title: '岗位', dataIndex: 'postName' },
            { title: '风险点', dataIndex: 'description' },
            { title: '级别', dataIndex: 'levelLabel' },
            { title: '防控措施', dataIndex: 'controlMeasures' },
            { title: '责任岗位', dataIndex: 'responsiblePostName', render: (v?: string | null) => v ?? '—' },
            {
              title: '落实情况',
              dataIndex: 'statusLabel',
              render: (v: string, m) => (
                <Space orientation="vertical" size={0}>
                  <Tag color={m.inPlace ? SOLID.green : m.inPlace === false ? SOLID.red : undefined}>{v}</Tag>
                  <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(m)}>
                    记录落实情况
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </div>
      {open && (
        <MeasureForm
          scope={scope}
          measure={open}
          onDone={() => {
            setOpen(null);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
    </Space>
  );
}

function MeasureForm({ scope, measure, onDone }: { scope: Scope; measure: Measure; onDone: () => void }) {
  const [form] = Form.useForm<{ inPlace: boolean; evidence: string }>();
  const [state, send] = useMutation(RecordMeasure);
  const record = useRecord(form, send, onDone);
  return (
    <Card size="small" title={`记录落实情况：${measure.postName} · ${measure.description}`}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ inPlace: true }}
        onFinish={(v) =>
          void record({
            input: { ...scope, riskPointId: measure.riskPointId, inPlace: v.inPlace, evidence: v.evidence },
          })
        }
      >
        <Form.Item name="inPlace" label="防控措施">
          <Radio.Group
            options={[
              { value: true, label: '已落实' },
              { value: false, label: '未落实' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="evidence"
          label="依据（文件、检查、会议记录等）"
          rules={[{ required: true, whitespace: true, message: '请填写依据' }]}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Submit label="保存落实情况" busy={state.fetching} error={state.error} />
      </Form>
    </Card>
  );
}

function CommitmentForm({ scope, onRecorded }: { scope: Scope; onRecorded: () => void }) {
  const [form] = Form.useForm<{
    personCode?: string;
    text: string;
    audiences: string[];
    publishedWhere: string;
    publishedOn: Dayjs;
  }>();
  const [state, send] = useMutation(RecordCommitment);
  const record = useRecord(form, send, onRecorded);
  return (
    <Card size="small" type="inner" title="记录公开承诺（R15）" style={{ marginBottom: 12 }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ publishedOn: dayjs(), audiences: [] }}
        onFinish={(v) =>
          void record({
            input: {
              campaignId: scope.campaignId,
              personCode: v.personCode?.trim() || null,
              text: v.text,
              audiences: v.audiences as 'STUDENTS'[],
              publishedWhere: v.publishedWhere,
              publishedOn: isoDay(v.publishedOn),
            },
          })
        }
      >
        <Form.Item name="personCode" label="承诺人工号（不填为本人）">
          <Input style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item
          name="text"
          label="承诺内容"
          rules={[{ required: true, whitespace: true, message: '请填写承诺内容' }]}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item
          name="audiences"
          label="承诺对象"
          // A validator rather than `required`: antd would put aria-required on the checkbox group, which ARIA forbids.
          rules={[
            {
              validator: (_, v?: string[]) =>
                v?.length ? Promise.resolve() : Promise.reject(new Error('请至少选择一个对象')),
            },
          ]}
        >
          <Checkbox.Group options={options(AUDIENCE_LABELS)} />
        </Form.Item>
        <Form.Item
          name="publishedWhere"
          label="公开方式"
          extra="如 校务公开栏、家长会、学校网站"
          rules={[{ required: true, whitespace: true, message: '请填写在哪里公开' }]}
        >
          <Input style={{ maxWidth: 320 }} />
        </Form.Item>
        <Form.Item name="publishedOn" label="公开日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={notFuture} />
        </Form.Item>
        <Submit label="保存承诺" busy={state.fetching} error={state.error} />
      </Form>
    </Card>
  );
}

function ActivityForm({ scope, onRecorded }: { scope: Scope; onRecorded: () => void }) {
  const [form] = Form.useForm<{
    kind: string;
    heldOn: Dayjs;
    participants: number;
    summary: string;
    evidence: string;
    circular?: string;
  }>();
  const [state, send] = useMutation(RecordActivity);
  const record = useRecord(form, send, onRecorded);
  const kind = Form.useWatch('kind', form);
  return (
    <Card size="small" type="inner" title="记录单位活动（R15 R16）" style={{ marginBottom: 12 }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ heldOn: dayjs() }}
        onFinish={(v) =>
          void record({
            input: {
              ...scope,
              kind: v.kind as 'TALK',
              heldOn: isoDay(v.heldOn),
              participants: v.participants,
              summary: v.summary,
              evidence: v.evidence,
              circular: v.kind === 'INSPECTION' ? v.circular : null,
            },
          })
        }
      >
        <Form.Item name="kind" label="活动类型" rules={[{ required: true, message: '请选择活动类型' }]}>
          <Select options={options(UNIT_ACTIVITY_LABELS)} style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="heldOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={notFuture} />
        </Form.Item>
        <Form.Item name="participants" label="参加人数" rules={[{ required: true, message: '请填写人数' }]}>
          <InputNumber min={1} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item
          name="summary"
          label="内容摘要"
          rules={[{ required: true, whitespace: true, message: '请填写摘要' }]}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item
          name="evidence"
          label="佐证材料"
          rules={[{ required: true, whitespace: true, message: '请填写佐证' }]}
        >
          <Input.TextArea autoSize={{ minRows: 1 }} />
        </Form.Item>
        {kind === 'INSPECTION' && (
          <Form.Item
            name="circular"
            label="通报"
            rules={[{ required: true, whitespace: true, message: '检查须有通报' }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        )}
        <Submit label="保存活动" busy={state.fetching} error={state.error} />
      </Form>
    </Card>
  );
}

function DutyReportForm({ scope, onRecorded }: { scope: Scope; onRecorded: () => void }) {
  const [form] = Form.useForm<{
    personCode: string;
    reportSummary: string;
    good?: number;
    fairlyGood?: number;
    average?: number;
    poor?: number;
    rating?: string;
  }>();
  const [state, send] = useMutation(RecordDutyReport);
  const record = useRecord(form, send, onRecorded);
  const VOTES = [
    ['good', 'GOOD'],
    ['fairlyGood', 'FAIRLY_GOOD'],
    ['average', 'AVERAGE'],
    ['poor', 'POOR'],
  ] as const;
  return (
    <Card size="small" type="inner" title="记录述职述廉与民主测评（R15）" style={{ marginBottom: 12 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          const counted = VOTES.some(([f]) => v[f] != null);
          void record({
            input: {
              campaignId: scope.campaignId,
              personCode: v.personCode.trim(),
              reportSummary: v.reportSummary,
              votes: counted ? Object.fromEntries(VOTES.map(([f]) => [f, v[f] ?? 0])) : null,
              rating: (v.rating as 'GOOD' | undefined) ?? null,
            },
          });
        }}
      >
        <Form.Item
          name="personCode"
          label="述职人工号"
          rules={[{ required: true, whitespace: true, message: '请填写工号' }]}
        >
          <Input style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item
          name="reportSummary"
          label="述职述廉摘要"
          rules={[{ required: true, whitespace: true, message: '请填写摘要' }]}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Typography.Paragraph style={{ marginBottom: 8 }}>民主测评票数（或只填测评结果）</Typography.Paragraph>
        <Space wrap>
          {VOTES.map(([f, grade]) => (
            <Form.Item key={f} name={f} label={APPRAISAL_LABELS[grade]}>
              <InputNumber min={0} precision={0} style={{ width: 100 }} />
            </Form.Item>
          ))}
          <Form.Item name="rating" label="测评结果">
            <Select allowClear options={options(APPRAISAL_LABELS)} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Submit label="保存述职述廉" busy={state.fetching} error={state.error} />
      </Form>
    </Card>
  );
}
