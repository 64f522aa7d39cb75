import { useState } from 'react';
import { Link } from 'react-router';
import { useClient } from 'urql';
import type { CombinedError } from 'urql';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { graphql } from '../../gql';
import type { AuditTrailQuery, ExportKind } from '../../gql/graphql';
import { auditActionLabel } from '../../lib/labels';
import { ErrorNotice, emptyLocale } from '../common';
import { ExportProgress, useExportJob } from '../export-job';
import { useRosterUnits } from '../units';
import { CampaignPicker, RequireRoles, Scroll, useCampaignId, withCampaign } from './campaign';

const AuditQuery = graphql(`
  query AuditTrail(
    $chain: String!
    $actor: String
    $action: String
    $target: String
    $from: DateTime
    $to: DateTime
    $afterSeq: ID
  ) {
    auditTrail(
      chain: $chain
      actor: $actor
      action: $action
      target: $target
      from: $from
      to: $to
      afterSeq: $afterSeq
      first: 50
    ) {
      seq
      actor
      role
      action
      target
      at
      hash
    }
  }
`);

const VerifyQuery = graphql(`
  query VerifyAuditChain($chain: String!) {
    verifyAuditChain(chain: $chain) {
      chain
      records
      intact
      brokenAt
      reason
    }
  }
`);

/** Every export kind the gateway offers, in words, with what it needs. */
const KINDS: { kind: ExportKind; label: string; needs: 'unit' | 'optionalUnit' | 'form' | null; what: string }[] = [
  { kind: 'DISTRICT_SUMMARY' as ExportKind, label: '全区汇总表（XLSX）', needs: null, what: '汇总表' },
  { kind: 'UNIT_RISK_LIST' as ExportKind, label: '单位风险点登记表（XLSX）', needs: 'unit', what: '登记表' },
  {
    kind: 'YEAR_END_ASSESSMENT' as ExportKind,
    label: '年度考核（XLSX，不选单位为全区）',
    needs: 'optionalUnit',
    what: '年度考核表',
  },
  { kind: 'RISK_FORM_PDF' as ExportKind, label: '风险防控表打印（PDF）', needs: 'form', what: 'PDF' },
];

/** 导出与审计: the exports with their progress and download, and the audit trail with its chain check. */
export default function Exports() {
  const { campaignId } = useCampaignId();
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        导出与审计
      </Typography.Title>
      <RequireRoles roles={['OFFICE_ADMIN', 'DISCIPLINE_TEAM']}>
        <div style={{ marginBottom: 12 }}>
          <CampaignPicker campaignId={campaignId} />
        </div>
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={9}>
            {campaignId ? (
              <ExportCard campaignId={campaignId} />
            ) : (
              <Alert type="info" showIcon title="请选择活动年度" />
            )}
          </Col>
          <Col xs={24} lg={15}>
            <AuditCard campaignId={campaignId} />
          </Col>
        </Row>
      </RequireRoles>
    </>
  );
}

interface ExportValues {
  kind: ExportKind;
  unitId?: string;
}

function ExportCard({ campaignId }: { campaignId: string }) {
  const { units } = useRosterUnits();
  const { job, start } = useExportJob();
  const [form] = Form.useForm<ExportValues>();
  const chosen = Form.useWatch('kind', form);
  const kind = KINDS.find((k) => k.kind === chosen) ?? KINDS[0]!;
  return (
    <Card size="small" title={`导出（${campaignId} 年度）`}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: KINDS[0]!.kind }}
        onFinish={(v) =>
          void start({
            kind: v.kind,
            campaignId,
            unitId: kind.needs === 'unit' || kind.needs === 'optionalUnit' ? (v.unitId ?? null) : null,
          })
        }
      >
        <Form.Item name="kind" label="导出内容">
          <Select options={KINDS.map((k) => ({ value: k.kind, label: k.label }))} />
        </Form.Item>
        {(kind.needs === 'unit' || kind.needs === 'optionalUnit') && (
          <Form.Item
            name="unitId"
            label="单位"
            rules={kind.needs === 'unit' ? [{ required: true, message: '请选择单位' }] : []}
          >
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={!units}
              options={(units ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        )}
        {kind.needs === 'form' && (
          <Typography.Paragraph>
            一份表一个 PDF：请在<Link to={withCampaign('/forms', campaignId)}>风险防控表</Link>
            中按单位、状态或姓名找到该表，点“打印”。
          </Typography.Paragraph>
        )}
        <Space orientation="vertical" style={{ width: '100%' }}>
          {kind.needs !== 'form' && (
            <Button type="primary" htmlType="submit" disabled={job?.status === 'RUNNING'}>
              开始导出
            </Button>
          )}
          <ExportProgress job={job} what={kind.what} />
        </Space>
      </Form>
    </Card>
  );
}

type AuditRecord = AuditTrailQuery['auditTrail'][number];

interface AuditFilter {
  chain: string;
  actor?: string;
  action?: string;
  target?: string;
  days?: [Dayjs, Dayjs] | null;
}

/**
 * Blank filters are no filters (the gateway takes an empty string as a value to match); the days run from the
 * first one's start to the end of the last one, in the browser's time zone.
 */
const filterOf = (v: AuditFilter) => ({
  chain: v.chain.trim(),
  actor: v.actor?.trim() || null,
  action: v.action?.trim() || null,
  target: v.target?.trim() || null,
  from: v.days ? v.days[0].startOf('day').toISOString() : null,
  to: v.days ? v.days[1].add(1, 'day').startOf('day').toISOString() : null,
});

/** The tamper-evident audit trail of a chain (a campaign, or the district's), filtered, and its hash check. */
function AuditCard({ campaignId }: { campaignId: string | null }) {
  const client = useClient();
  const [form] = Form.useForm<AuditFilter>();
  const [rows, setRows] = useState<AuditRecord[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<CombinedError>();
  const [loading, setLoading] = useState(false);
  const [verified, setVerified] = useState<{
    chain: string;
    records: number;
    intact: boolean;
    brokenAt?: string | null;
    reason?: string | null;
  } | null>(null);
  const PAGE = 50;

  async function search(afterSeq?: string) {
    setLoading(true);
    const r = await client
      .query(AuditQuery, { ...filterOf(form.getFieldsValue()), afterSeq }, { requestPolicy: 'network-only' })
      .toPromise();
    setLoading(false);
    setError(r.error);
    if (!r.data) return;
    const page = r.data.auditTrail;
    setRows((before) => (afterSeq ? [...(before ?? []), ...page] : page));
    setMore(page.length === PAGE);
  }

  async function verify() {
    const chain = filterOf(form.getFieldsValue()).chain;
    const r = await client.query(VerifyQuery, { chain }, { requestPolicy: 'network-only' }).toPromise();
    setError(r.error);
    setVerified(r.data?.verifyAuditChain ?? null);
  }

  return (
    <Card size="small" title="审计记录">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ chain: campaignId ?? 'district' }}
        onFinish={() => void search()}
      >
        <Row gutter={8}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="chain"
              label="记录链（活动年度，或 district 为全区）"
              rules={[{ required: true, message: '请填写记录链' }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="actor" label="操作人（工号）">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="action" label="操作（如 GRADING_RULES_PUBLISH）">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="target" label="对象（如 unit:s001）">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="days" label="日期范围">
              <DatePicker.RangePicker style={{ width: '100%' }} id="audit-days" />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={loading}>
            查询
          </Button>
          <Button onClick={() => void verify()}>校验记录链</Button>
        </Space>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 8 }}>
        按时间先后列出；每条记录的哈希包含上一条，任何改动都会使校验失败。
      </Typography.Paragraph>
      {verified &&
        (verified.intact ? (
          <Alert
            type="success"
            showIcon
            role="status"
            title={`记录链完整：${verified.chain} 共 ${verified.records} 条记录，哈希逐条相符`}
          />
        ) : (
          <Alert
            type="error"
            showIcon
            role="status"
            title={`记录链被改动：自第 ${verified.brokenAt} 条起不符`}
            description={verified.reason}
          />
        ))}
      <ErrorNotice error={error} />
      {rows && (
        <Scroll label="审计记录">
          <Table
            aria-label="审计记录"
            rowKey="seq"
            size="small"
            style={{ marginTop: 8, minWidth: 640 }}
            pagination={false}
            dataSource={rows}
            locale={emptyLocale('没有符合条件的记录')}
            columns={[
              { title: '序号', dataIndex: 'seq' },
              { title: '时间', dataIndex: 'at', render: (at: string) => new Date(at).toLocaleString('zh-CN') },
              { title: '操作人', dataIndex: 'actor' },
              { title: '操作', dataIndex: 'action', render: auditActionLabel },
              { title: '对象', dataIndex: 'target' },
              { title: '哈希', dataIndex: 'hash', render: (h: string) => <code>{h.slice(0, 12)}</code> },
            ]}
          />
        </Scroll>
      )}
      {more && (
        <Button style={{ marginTop: 8 }} onClick={() => void search(rows?.at(-1)?.seq)} loading={loading}>
          加载更多
        </Button>
      )}
    </Card>
  );
}
