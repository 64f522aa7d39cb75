import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { EvaluationRoundKind, EvaluatorKind } from '../../gql/graphql';
import { EVALUATION_STATUS_LABELS, EVALUATOR_LABELS, ROUND_KIND_LABELS, options } from '../../lib/labels';
import { ErrorNotice, SOLID, errorCode, placeFieldErrors } from '../common';
import { useMe } from '../me';
import { CampaignPicker, Scroll, none, useCampaignId } from '../office/campaign';
import { UnitPicker, useOversightUnits } from './Oversight';

const EvaluationQuery = graphql(`
  query OversightUnitEvaluation($campaignId: ID!, $unitId: ID!) {
    unitEvaluation(campaignId: $campaignId, unitId: $unitId) {
      status
      ruleVersion
      rounds {
        id
        kind
        closesAt
        closed
        invited
        scored
        mean
      }
      selfAssessment {
        item
        label
        score
      }
      districtScore
      districtOpinion
      score
      explanation
    }
  }
`);

const RoundEvaluatorsQuery = graphql(`
  query OversightRoundEvaluators {
    evaluationRule {
      version
      rounds {
        kind
        evaluators
      }
    }
  }
`);

const OpenEvaluationMutation = graphql(`
  mutation OversightOpenEvaluation($campaignId: ID!, $unitId: ID!) {
    openEvaluation(campaignId: $campaignId, unitId: $unitId) {
      status
    }
  }
`);

const OpenRoundMutation = graphql(`
  mutation OversightOpenEvaluationRound($input: OpenEvaluationRoundInput!) {
    openEvaluationRound(input: $input) {
      round {
        id
        kind
        closesAt
      }
      invitations {
        code
        evaluatorKind
      }
    }
  }
`);

const DistrictMutation = graphql(`
  mutation OversightDistrictEvaluation($input: DistrictEvaluationInput!) {
    recordDistrictEvaluation(input: $input) {
      status
      districtScore
    }
  }
`);

const CloseRoundMutation = graphql(`
  mutation OversightCloseEvaluationRound($input: CloseEvaluationRoundInput!) {
    closeEvaluationRound(input: $input) {
      status
    }
  }
`);

/** A round just opened, with its codes: held in this page only, so that leaving or reloading it forgets them. */
interface Opened {
  unitName: string;
  kind: string;
  closesAt: string;
  invitations: { code: string; evaluatorKind: string }[];
}

/** R18 R19: a unit's evaluation and its appraisal rounds; the office opens rounds and prints their codes. */
export default function Evaluations() {
  const { campaignId, loading } = useCampaignId();
  const [params, setParams] = useSearchParams();
  const { units, nameOf } = useOversightUnits();
  const me = useMe();
  const isOffice = !!me?.roles.some((g) => g.role === 'OFFICE_ADMIN');
  const unitId = params.get('unit') ?? units[0]?.id ?? null;
  const [opened, setOpened] = useState<Opened | null>(null);
  const [printing, setPrinting] = useState(false);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: EvaluationQuery,
    variables: { campaignId: campaignId ?? '', unitId: unitId ?? '' },
    pause: !campaignId || !unitId,
  });
  const [openState, openEvaluation] = useMutation(OpenEvaluationMutation);
  const [closeState, closeRound] = useMutation(CloseRoundMutation);
  const { modal, message } = AntApp.useApp();
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (printing && opened) return <Slips opened={opened} onBack={() => setPrinting(false)} />;
  const e = data?.unitEvaluation;
  const notOpened = errorCode(error) === 'NOT_FOUND';
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 18 }}>
        评估评议
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <CampaignPicker key={campaignId} campaignId={campaignId} />
        <UnitPicker
          id="evaluation-unit"
          value={unitId}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set('unit', v);
            setParams(next);
          }}
          allowAll={false}
        />
      </Space>
      {opened && <OpenedCodes opened={opened} onPrint={() => setPrinting(true)} onDone={() => setOpened(null)} />}
      {loading || (fetching && !data && !error) ? (
        <Spin />
      ) : !campaignId || !unitId ? (
        <Empty description="尚未启动活动" />
      ) : notOpened ? (
        <Card size="small">
          <Space orientation="vertical">
            <Typography.Text>{nameOf(unitId)} 尚未开启评估。</Typography.Text>
            {isOffice && (
              <Button
                type="primary"
                loading={openState.fetching}
                onClick={() =>
                  void openEvaluation({ campaignId, unitId }).then((r) => {
                    if (!r.error) reload();
                  })
                }
              >
                开启评估
              </Button>
            )}
            <ErrorNotice error={openState.error} />
          </Space>
        </Card>
      ) : (
        <>
          <ErrorNotice error={error ?? closeState.error} />
          {e && (
            <>
              <Descriptions
                size="small"
                column={1}
                bordered
                styles={{ label: { whiteSpace: 'nowrap' } }}
                style={{ marginBottom: 12 }}
              >
                <Descriptions.Item label="评估状态">{EVALUATION_STATUS_LABELS[e.status] ?? e.status}</Descriptions.Item>
                <Descriptions.Item label="单位自评">
                  {e.selfAssessment.length
                    ? e.selfAssessment.map((s) => `${s.label} ${s.score}`).join('；')
                    : '尚未自评'}
                </Descriptions.Item>
                <Descriptions.Item label="总体评价">
                  {e.districtScore === null || e.districtScore === undefined
                    ? '尚未评价'
                    : `${e.districtScore} 分：${e.districtOpinion ?? ''}`}
                </Descriptions.Item>
                <Descriptions.Item label="综合得分">{e.score ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="计分说明">{e.explanation}</Descriptions.Item>
              </Descriptions>
              <Card size="small" title="评议轮次">
                <Scroll label="评议轮次">
                  <Table
                    size="small"
                    rowKey="id"
                    style={{ minWidth: 640 }}
                    pagination={false}
                    dataSource={e.rounds}
                    locale={{ emptyText: none('尚未开启评议') }}
                    columns={[
                      { title: '评议类型', render: (_, r) => ROUND_KIND_LABELS[r.kind] },
                      { title: '截止', render: (_, r) => dayjs(r.closesAt).format('YYYY-MM-DD') },
                      {
                        title: '状态',
                        render: (_, r) => (
                          <Tag color={r.closed ? SOLID.green : '#0958d9'}>{r.closed ? '已结束' : '评议中'}</Tag>
                        ),
                      },
                      { title: '邀请数', dataIndex: 'invited' },
                      { title: '已评议', dataIndex: 'scored' },
                      { title: '平均分', render: (_, r) => r.mean ?? '—' },
                      ...(isOffice
                        ? [
                            {
                              title: '操作',
                              key: 'close',
                              render: (_: unknown, r: (typeof e.rounds)[number]) =>
                                r.closed ? null : (
                                  <Button
                                    size="small"
                                    loading={closeState.fetching}
                                    onClick={() =>
                                      void (async () => {
                                        const ok = await modal.confirm({
                                          title: '结束评议',
                                          content: `结束后未使用的邀请码失效（已评议 ${r.scored} / ${r.invited}）。`,
                                          okText: '结束评议',
                                          cancelText: '取消',
                                        });
                                        if (!ok) return;
                                        const res = await closeRound({
                                          input: {
                                            campaignId,
                                            unitId,
                                            roundId: r.id,
                                            idempotencyKey: crypto.randomUUID(),
                                          },
                                        });
                                        if (res.error) return;
                                        void message.success('评议已结束');
                                        reload();
                                      })()
                                    }
                                  >
                                    结束评议
                                  </Button>
                                ),
                            },
                          ]
                        : []),
                    ]}
                  />
                </Scroll>
              </Card>
              {isOffice && e.status === 'OPEN' && (e.districtScore === null || e.districtScore === undefined) && (
                <DistrictEvaluation campaignId={campaignId} unitId={unitId} onDone={reload} />
              )}
              {isOffice && e.status === 'OPEN' && (
                <OpenRound
                  campaignId={campaignId}
                  unitId={unitId}
                  onOpened={(o) => {
                    setOpened({ ...o, unitName: nameOf(unitId) });
                    reload();
                  }}
                />
              )}
            </>
          )}
        </>
      )}
    </>
  );
}

/** R19: the district leading group's overall evaluation of the unit, entered by its office. */
function DistrictEvaluation({
  campaignId,
  unitId,
  onDone,
}: {
  campaignId: string;
  unitId: string;
  onDone: () => void;
}) {
  const [state, record] = useMutation(DistrictMutation);
  const [form] = Form.useForm<{ score: number; opinion: string }>();
  return (
    <Card size="small" title="区领导小组总体评价" style={{ marginTop: 12 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          void (async () => {
            const r = await record({ input: { campaignId, unitId, ...v, idempotencyKey: crypto.randomUUID() } });
            placeFieldErrors(form, r.error);
            if (!r.error) onDone();
          })()
        }
      >
        <Form.Item name="score" label="评分（0–100）" rules={[{ required: true, message: '请打分' }]}>
          <InputNumber min={0} max={100} precision={0} />
        </Form.Item>
        <Form.Item
          name="opinion"
          label="评价意见"
          rules={[{ required: true, whitespace: true, message: '请填写评价意见' }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ErrorNotice error={state.error} />
          <Button htmlType="submit" loading={state.fetching}>
            记录总体评价
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

interface RoundValues {
  kind: EvaluationRoundKind;
  closesOn: dayjs.Dayjs;
  counts: Record<string, number | null | undefined>;
}

function OpenRound({
  campaignId,
  unitId,
  onOpened,
}: {
  campaignId: string;
  unitId: string;
  onOpened: (o: Omit<Opened, 'unitName'>) => void;
}) {
  const [state, openRound] = useMutation(OpenRoundMutation);
  // Whom each kind of round may invite is the server's rule; the form offers exactly those.
  const [rule] = useQuery({ query: RoundEvaluatorsQuery });
  const [form] = Form.useForm<RoundValues>();
  const kind = Form.useWatch('kind', form) ?? 'SERVICE_USER';
  const evaluatorsOf = (k: EvaluationRoundKind): readonly EvaluatorKind[] =>
    rule.data?.evaluationRule.rounds.find((r) => r.kind === k)?.evaluators ?? [];
  if (!rule.data) return rule.error ? <ErrorNotice error={rule.error} /> : <Spin />;
  return (
    <Card size="small" title="开启评议" style={{ marginTop: 12 }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'SERVICE_USER' }}
        onFinish={(v) =>
          void (async () => {
            const invitations = evaluatorsOf(v.kind)
              .filter((k) => (v.counts?.[k] ?? 0) > 0)
              .map((k) => ({
                evaluatorKind: k,
                count: v.counts[k]!,
              }));
            if (!invitations.length)
              return form.setFields([{ name: 'kind', errors: ['请至少为一类评议人填写邀请人数'] }]);
            const r = await openRound({
              input: {
                campaignId,
                unitId,
                kind: v.kind,
                closesOn: v.closesOn.format('YYYY-MM-DD'),
                invitations,
                idempotencyKey: crypto.randomUUID(),
              },
            });
            placeFieldErrors(form, r.error);
            const o = r.data?.openEvaluationRound;
            if (!o) return;
            form.resetFields(['counts']);
            onOpened({ kind: o.round.kind, closesAt: o.round.closesAt as string, invitations: o.invitations });
          })()
        }
      >
        <Form.Item name="kind" label="评议类型" rules={[{ required: true }]}>
          <Select options={options(ROUND_KIND_LABELS)} />
        </Form.Item>
        <Form.Item name="closesOn" label="评议截止日期" rules={[{ required: true, message: '请选择截止日期' }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Space wrap>
          {evaluatorsOf(kind).map((k) => (
            <Form.Item key={k} name={['counts', k]} label={`${EVALUATOR_LABELS[k]}（人数）`}>
              <InputNumber min={0} max={500} precision={0} />
            </Form.Item>
          ))}
        </Space>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ErrorNotice error={state.error} />
          <Button type="primary" htmlType="submit" loading={state.fetching}>
            开启评议并生成邀请码
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/** The codes of the round just opened: shown this once (only their hashes are kept), to print or copy now. */
function OpenedCodes({ opened, onPrint, onDone }: { opened: Opened; onPrint: () => void; onDone: () => void }) {
  return (
    <Card size="small" title={`邀请码（${opened.invitations.length} 个）`} style={{ marginBottom: 12 }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert
          type="warning"
          showIcon
          title="邀请码只显示这一次"
          description="系统只保存邀请码的校验值，离开或刷新本页后无法再次查看。请立即打印邀请码条或抄写保存。"
        />
        <Space wrap>
          <Button type="primary" onClick={onPrint}>
            打印邀请码条
          </Button>
          <Button onClick={onDone}>我已保存，关闭</Button>
        </Space>
        <Scroll label="邀请码列表">
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={opened.invitations}
            columns={[
              { title: '评议人', render: (_, i) => EVALUATOR_LABELS[i.evaluatorKind] },
              {
                title: '邀请码',
                render: (_, i) => <code style={{ fontSize: 14 }}>{i.code}</code>,
              },
            ]}
          />
        </Scroll>
      </Space>
    </Card>
  );
}

// Printed: only the slips, each kept whole on its page, cut along the dashed lines.
const PRINT_CSS = `
.slip { border: 1px dashed #595959; padding: 12px 16px; margin-bottom: 12px; break-inside: avoid; page-break-inside: avoid; }
.slip-code { font-family: monospace; font-size: 20px; letter-spacing: 1px; word-break: break-all; }
@media print {
  @page { size: A4; margin: 12mm; }
  .ant-layout-header, .oversight-nav, .no-print { display: none !important; }
  .ant-layout, .ant-layout-content { background: #fff !important; padding: 0 !important; }
  .slip { margin-bottom: 6mm; }
}`;

/** One slip per code, in Chinese, for the evaluators: where to score, the code, the last day. */
function Slips({ opened, onBack }: { opened: Opened; onBack: () => void }) {
  const address = `${window.location.origin}/public/evaluation`;
  const closes = dayjs(opened.closesAt).format('YYYY年M月D日');
  return (
    <section aria-label="评议邀请码条">
      <style>{PRINT_CSS}</style>
      <Space className="no-print" wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
        <Button onClick={onBack}>返回</Button>
        <Typography.Text>共 {opened.invitations.length} 张，沿虚线裁开，每位评议人一张。</Typography.Text>
      </Space>
      {opened.invitations.map((i) => (
        <article className="slip" key={i.code}>
          <Typography.Title level={4} style={{ fontSize: 16, marginTop: 0 }}>
            {opened.unitName} 廉政风险防控工作评议邀请
          </Typography.Title>
          <p>评议类型：{ROUND_KIND_LABELS[opened.kind]}</p>
          <p>评议人：{EVALUATOR_LABELS[i.evaluatorKind]}</p>
          <p>
            邀请码：<span className="slip-code">{i.code}</span>
          </p>
          <p>
            请于 {closes} 前访问 {address} ，输入邀请码，为该单位的廉政风险防控工作打分（0–100
            分）。评议不记名，每个邀请码只能使用一次。
          </p>
        </article>
      ))}
    </section>
  );
}
