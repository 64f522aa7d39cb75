import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { graphql } from '../../gql';
import type { FormType, GradingRulesInput, GradingRulesQuery, Role } from '../../gql/graphql';
import { FORM_TYPE_LABELS, ROLE_LABELS } from '../../lib/labels';
import { ErrorNotice, emptyLocale, placeFieldErrors } from '../common';
import { RequireRoles, Scroll } from './campaign';
import { HolidayEditor } from './holidays';
import { Robots } from './Robots';

const ChainsQuery = graphql(`
  query ReviewChainsConfig {
    reviewChains {
      formType
      steps
      stepDeadlineWorkingDays
      reminderWorkingDays
      updatedBy
    }
  }
`);

const SetChain = graphql(`
  mutation SetReviewChain($input: ReviewChainInput!) {
    setReviewChain(input: $input) {
      formType
      steps
      stepDeadlineWorkingDays
      reminderWorkingDays
      updatedBy
    }
  }
`);

const RulesQuery = graphql(`
  query GradingRules($version: Int) {
    gradingRules(version: $version) {
      version
      level1MinProduct
      level2MinProduct
      weightLevel1
      weightLevel2
      weightLevel3
      extraCauseMultiplier
      gradeThresholdA
      gradeThresholdB
      level1WithoutControlIsA
      createdBy
    }
  }
`);

const PreviewQuery = graphql(`
  query GradingRulesPreview($input: GradingRulesInput!) {
    gradingRulesPreview(input: $input) {
      campaignId
      currentVersion
      posts
      changed
      transitions {
        from
        to
        count
      }
    }
  }
`);

const PublishRules = graphql(`
  mutation PublishGradingRules($input: GradingRulesInput!) {
    publishGradingRules(input: $input) {
      version
    }
  }
`);

const HolidaysQuery = graphql(`
  query HolidayYearsConfig {
    holidayYears {
      year
      version
      holidays
      makeUpWorkdays
      publishedBy
      publishedAt
    }
  }
`);

/** The roles a review chain's step may name (the gateway checks the same list). */
const STEP_ROLES = ['DEPARTMENT_HEAD', 'SUPERVISING_LEADER', 'UNIT_LEADING_GROUP', 'DISCIPLINE_TEAM'] as const;

/** 配置: the office's review chains, grading rules, holidays and group robots, one tab each (`?tab=` keeps the tab in links). */
export default function Configuration() {
  const [params, setParams] = useSearchParams();
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        配置
      </Typography.Title>
      <RequireRoles roles={['OFFICE_ADMIN']}>
        <Tabs
          activeKey={params.get('tab') ?? 'chains'}
          onChange={(tab) => setParams({ tab })}
          items={[
            { key: 'chains', label: '审核链', children: <Chains /> },
            { key: 'grading', label: '评级规则', children: <Grading /> },
            { key: 'holidays', label: '节假日', children: <Holidays /> },
            { key: 'robots', label: '群机器人', children: <Robots /> },
          ]}
        />
      </RequireRoles>
    </>
  );
}

type Chain = { formType: FormType; steps: Role[]; stepDeadlineWorkingDays: number; reminderWorkingDays: number };

/** Each form type's chain (R09); the office changes one, forms already submitted keep theirs. */
function Chains() {
  const [{ data, error }] = useQuery({ query: ChainsQuery });
  const [editing, setEditing] = useState<Chain | null>(null);
  return (
    <>
      <Typography.Paragraph>
        审核链按表的类型逐级审核（R09）。修改后，新提交的表按新审核链审核，已提交的表保持原审核链。
      </Typography.Paragraph>
      <ErrorNotice error={error} />
      <Scroll label="审核链">
        <Table
          aria-label="审核链"
          style={{ minWidth: 720 }}
          rowKey="formType"
          size="small"
          pagination={false}
          loading={!data && !error}
          dataSource={data?.reviewChains ?? []}
          columns={[
            { title: '表的类型', dataIndex: 'formType', render: (t: string) => FORM_TYPE_LABELS[t] ?? t },
            {
              title: '审核层级',
              dataIndex: 'steps',
              render: (steps: string[]) => (
                <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                  {steps.map((s) => (
                    <li key={s}>{ROLE_LABELS[s] ?? s}</li>
                  ))}
                </ol>
              ),
            },
            { title: '每级期限（工作日）', dataIndex: 'stepDeadlineWorkingDays' },
            { title: '提前提醒（工作日）', dataIndex: 'reminderWorkingDays' },
            { title: '最后修改', dataIndex: 'updatedBy' },
            {
              title: '操作',
              key: 'edit',
              render: (_: unknown, c: Chain) => (
                <Button
                  size="small"
                  onClick={() => setEditing(c)}
                  aria-label={`修改${FORM_TYPE_LABELS[c.formType]}审核链`}
                >
                  修改
                </Button>
              ),
            },
          ]}
        />
      </Scroll>
      {editing && <ChainEditor chain={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function ChainEditor({ chain, onClose }: { chain: Chain; onClose: () => void }) {
  const [state, save] = useMutation(SetChain);
  const [form] = Form.useForm<Omit<Chain, 'formType'>>();
  const { modal, message } = AntApp.useApp();
  const label = FORM_TYPE_LABELS[chain.formType];

  async function submit(v: Omit<Chain, 'formType'>) {
    const ok = await modal.confirm({
      title: '确认修改审核链',
      content: `${label}：${v.steps.map((s) => ROLE_LABELS[s]).join(' → ')}，每级 ${v.stepDeadlineWorkingDays} 个工作日。`,
      okText: '确认',
      cancelText: '取消',
    });
    if (!ok) return;
    const r = await save({ input: { formType: chain.formType, ...v } });
    placeFieldErrors(form, r.error);
    if (!r.data) return;
    void message.success(`${label}审核链已修改`);
    onClose();
  }

  return (
    <Modal open title={`修改审核链：${label}`} onCancel={onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={chain} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="steps"
          label="审核层级（按选择顺序逐级审核，1 至 5 级）"
          rules={[{ required: true, message: '请至少选择一级' }]}
        >
          <Select
            mode="multiple"
            options={STEP_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            aria-label="审核层级"
          />
        </Form.Item>
        <Form.Item
          name="stepDeadlineWorkingDays"
          label="每级期限（工作日）"
          rules={[{ required: true, message: '必填' }]}
        >
          <InputNumber min={1} max={60} precision={0} />
        </Form.Item>
        <Form.Item name="reminderWorkingDays" label="提前提醒（工作日）" rules={[{ required: true, message: '必填' }]}>
          <InputNumber min={0} max={59} precision={0} />
        </Form.Item>
        {!state.error?.graphQLErrors.some((e) => e.extensions?.fieldErrors) && <ErrorNotice error={state.error} />}
        <Button type="primary" htmlType="submit" loading={state.fetching}>
          保存
        </Button>
      </Form>
    </Modal>
  );
}

type Rules = GradingRulesQuery['gradingRules'];

/** The rules' numbers with their Chinese names, in the order the plan explains them. */
const RULE_FIELDS = [
  ['level1MinProduct', '一级：几率×危害 ≥'],
  ['level2MinProduct', '二级：几率×危害 ≥'],
  ['weightLevel1', '一级风险点分值'],
  ['weightLevel2', '二级风险点分值'],
  ['weightLevel3', '三级风险点分值'],
  ['extraCauseMultiplier', '每多一种成因加权'],
  ['gradeThresholdA', 'A 级：总分 ≥'],
  ['gradeThresholdB', 'B 级：总分 ≥'],
] as const;

const inputOf = (r: Rules): GradingRulesInput => ({
  level1MinProduct: r.level1MinProduct,
  level2MinProduct: r.level2MinProduct,
  weightLevel1: r.weightLevel1,
  weightLevel2: r.weightLevel2,
  weightLevel3: r.weightLevel3,
  extraCauseMultiplier: r.extraCauseMultiplier,
  gradeThresholdA: r.gradeThresholdA,
  gradeThresholdB: r.gradeThresholdB,
  level1WithoutControlIsA: r.level1WithoutControlIsA,
});

/**
 * Every published version, and a new one: the office first sees how many of the latest campaign's posts it
 * would grade differently, then publishes. A running campaign keeps the version it was launched with.
 */
function Grading() {
  const client = useClient();
  const [versions, setVersions] = useState<Rules[] | null>(null);
  const [loadError, setLoadError] = useState<Parameters<typeof ErrorNotice>[0]['error']>();
  const [form] = Form.useForm<GradingRulesInput>();
  const [preview, setPreview] = useState<{ input: string; result: PreviewResult } | null>(null);
  const [previewError, setPreviewError] = useState<Parameters<typeof ErrorNotice>[0]['error']>();
  const [previewing, setPreviewing] = useState(false);
  const [published, publish] = useMutation(PublishRules);
  const { modal, message } = AntApp.useApp();
  const values = Form.useWatch([], form);
  const current = useMemo(() => JSON.stringify(values ?? {}), [values]);

  async function load() {
    const latest = await client.query(RulesQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    if (!latest.data) return setLoadError(latest.error);
    const n = latest.data.gradingRules.version;
    const older = await Promise.all(
      Array.from({ length: n - 1 }, (_, i) => client.query(RulesQuery, { version: i + 1 }).toPromise()),
    );
    setVersions([latest.data.gradingRules, ...older.flatMap((r) => (r.data ? [r.data.gradingRules] : [])).reverse()]);
    form.setFieldsValue(inputOf(latest.data.gradingRules));
  }
  // Loads once; a publication loads again.
  useEffect(() => void load(), []);

  async function check(v: GradingRulesInput) {
    setPreviewing(true);
    const r = await client.query(PreviewQuery, { input: v }, { requestPolicy: 'network-only' }).toPromise();
    setPreviewing(false);
    setPreviewError(r.error);
    placeFieldErrors(form, r.error);
    setPreview(r.data ? { input: JSON.stringify(v), result: r.data.gradingRulesPreview } : null);
  }

  // The preview holds only for the numbers it was computed from: an edit asks for a new one.
  const previewed = preview && preview.input === current ? preview.result : null;
  const next = (versions?.[0]?.version ?? 0) + 1;

  async function submit() {
    if (!previewed) return;
    const ok = await modal.confirm({
      title: `确认发布第 ${next} 版评级规则`,
      content: `${previewText(previewed)}之后启动的活动按新规则评级，进行中的活动不受影响。`,
      okText: '发布',
      cancelText: '取消',
    });
    if (!ok) return;
    const r = await publish({ input: form.getFieldsValue() });
    placeFieldErrors(form, r.error);
    if (!r.data) return;
    void message.success(`第 ${r.data.publishGradingRules.version} 版评级规则已发布`);
    setPreview(null);
    await load();
  }

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={14}>
        <Card size="small" title="已发布版本">
          <ErrorNotice error={loadError} />
          <Scroll label="评级规则版本">
            <Table
              aria-label="评级规则版本"
              style={{ minWidth: 720 }}
              rowKey="version"
              size="small"
              pagination={false}
              loading={!versions && !loadError}
              dataSource={versions ?? []}
              locale={emptyLocale('暂无版本')}
              columns={[
                { title: '版本', dataIndex: 'version', render: (v: number) => `第 ${v} 版` },
                {
                  title: '级别（几率×危害）',
                  key: 'level',
                  render: (_: unknown, r: Rules) => `一级 ≥ ${r.level1MinProduct}，二级 ≥ ${r.level2MinProduct}`,
                },
                {
                  title: '分值（一/二/三级）',
                  key: 'weights',
                  render: (_: unknown, r: Rules) => `${r.weightLevel1} / ${r.weightLevel2} / ${r.weightLevel3}`,
                },
                { title: '成因加权', dataIndex: 'extraCauseMultiplier' },
                {
                  title: '等级线',
                  key: 'grades',
                  render: (_: unknown, r: Rules) => `A ≥ ${r.gradeThresholdA}，B ≥ ${r.gradeThresholdB}`,
                },
                {
                  title: '一级风险无措施定为 A',
                  dataIndex: 'level1WithoutControlIsA',
                  render: (b: boolean) => (b ? '是' : '否'),
                },
                { title: '发布人', dataIndex: 'createdBy' },
              ]}
            />
          </Scroll>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={`发布新版本（第 ${next} 版）`}>
          <Form form={form} layout="vertical" onFinish={(v) => void check(v)}>
            <Row gutter={8}>
              {RULE_FIELDS.map(([name, label]) => (
                <Col xs={12} key={name}>
                  <Form.Item name={name} label={label} rules={[{ required: true, message: '必填' }]}>
                    <InputNumber min={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Form.Item name="level1WithoutControlIsA" label="一级风险点无有效措施时定为 A 级" valuePropName="checked">
              <Switch />
            </Form.Item>
            <Space wrap>
              <Button htmlType="submit" loading={previewing}>
                预览影响
              </Button>
              <Button type="primary" disabled={!previewed} loading={published.fetching} onClick={() => void submit()}>
                发布第 {next} 版
              </Button>
            </Space>
            {!previewed && (
              <Typography.Paragraph style={{ marginTop: 8 }}>
                发布前请先预览新规则对当前岗位等级的影响。
              </Typography.Paragraph>
            )}
            {previewed && (
              <Alert
                style={{ marginTop: 8 }}
                type={previewed.changed > 0 ? 'warning' : 'info'}
                showIcon
                role="status"
                title={previewText(previewed)}
                description={
                  previewed.transitions.length > 0 && (
                    <Space wrap>
                      {previewed.transitions.map((t) => (
                        <Tag key={`${t.from}${t.to}`}>
                          {t.from} → {t.to}：{t.count} 个
                        </Tag>
                      ))}
                    </Space>
                  )
                }
              />
            )}
            <div style={{ marginTop: 8 }}>
              <ErrorNotice error={previewError ?? published.error} />
            </div>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}

type PreviewResult = {
  campaignId?: string | null;
  currentVersion?: number | null;
  posts: number;
  changed: number;
  transitions: { from: string; to: string; count: number }[];
};

function previewText(p: PreviewResult): string {
  if (!p.campaignId) return '尚无活动，没有可比较的岗位。';
  return `${p.campaignId} 年度活动已评级的 ${p.posts} 个岗位中，按新规则将有 ${p.changed} 个岗位等级变化（现行第 ${p.currentVersion} 版）。`;
}

type HolidayYear = { year: number; version: number; holidays: string[]; makeUpWorkdays: string[] };

/** Every year's holidays in force; the office edits one and publishes it as that year's next version. */
function Holidays() {
  const [{ data, error }, refetch] = useQuery({ query: HolidaysQuery });
  const [editing, setEditing] = useState<HolidayYear | null>(null);
  const [year, setYear] = useState(new Date().getFullYear() + 1);
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={14}>
        <Typography.Paragraph>
          截止日期按工作日计算：节假日不算工作日，调休上班日算工作日。没有节假日数据的年份按周一至周五计算。
        </Typography.Paragraph>
        <ErrorNotice error={error} />
        <Scroll label="各年度节假日">
          <Table
            aria-label="各年度节假日"
            style={{ minWidth: 520 }}
            rowKey="year"
            size="small"
            pagination={false}
            loading={!data && !error}
            dataSource={data?.holidayYears ?? []}
            locale={emptyLocale('暂无节假日数据')}
            columns={[
              { title: '年份', dataIndex: 'year' },
              { title: '版本', dataIndex: 'version', render: (v: number) => (v === 0 ? '内置' : `第 ${v} 版`) },
              { title: '放假天数', dataIndex: 'holidays', render: (d: string[]) => d.length },
              { title: '调休上班', dataIndex: 'makeUpWorkdays', render: (d: string[]) => d.length },
              { title: '发布人', dataIndex: 'publishedBy', render: (p: string | null) => p ?? '—' },
              {
                title: '操作',
                key: 'edit',
                render: (_: unknown, h: HolidayYear) => (
                  <Button size="small" onClick={() => setEditing(h)} aria-label={`修改 ${h.year} 年节假日`}>
                    修改
                  </Button>
                ),
              },
            ]}
          />
        </Scroll>
      </Col>
      <Col xs={24} lg={10}>
        <Space wrap>
          <label htmlFor="holiday-new-year">录入新年份</label>
          <InputNumber
            id="holiday-new-year"
            min={2000}
            max={2100}
            precision={0}
            value={year}
            onChange={(y) => y && setYear(y)}
          />
          <Button onClick={() => setEditing(null)}>新建</Button>
        </Space>
        <HolidayEditor
          title={editing ? `修改 ${editing.year} 年节假日` : '录入节假日'}
          year={editing?.year ?? year}
          current={editing ?? undefined}
          onPublished={() => {
            setEditing(null);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      </Col>
    </Row>
  );
}
