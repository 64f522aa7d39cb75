import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Row,
  Space,
  Spin,
  Steps,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { UnitNoticeCommentsQuery, UnitWorkQuery } from '../../gql/graphql';
import {
  COMMENT_STATUS_LABELS,
  MOBILISATION_ITEM_LABELS,
  PHASE_LABELS,
  PHASE_STATUS_LABELS,
  RUNG_LABELS,
  SCREENING_STAGE_LABELS,
} from '../../lib/labels';
import { ErrorNotice, SOLID, emptyLocale, placeFieldErrors, useOpenCampaign } from '../common';
import { useMe } from '../me';
import { leadsUnit } from '../../lib/roles';

const UnitWorkQueryDoc = graphql(`
  query UnitWork($campaignId: ID!, $unitId: ID!) {
    unitCampaign(campaignId: $campaignId, unitId: $unitId) {
      campaignId
      unitId
      staff
      approvedForms
      screeningStage
      archiveVersion
      paused
      cancelled
      noticeOpensAt
      noticeClosesAt
      noticeClosedEarly {
        at
        reason
      }
      mobilisation {
        item
        at
        by
        evidence
        attendance
      }
      phases {
        phase
        status
        deadline
        rung
      }
    }
  }
`);

const NoticeCommentsQuery = graphql(`
  query UnitNoticeComments($campaignId: ID!, $unitId: ID!) {
    noticeComments(campaignId: $campaignId, unitId: $unitId, first: 500) {
      id
      riskPointId
      text
      authorName
      status
      answer
      createdAt
    }
  }
`);

const RecordMobilisation = graphql(`
  mutation RecordMobilisation($input: MobilisationRecordInput!) {
    recordMobilisation(input: $input) {
      unitId
    }
  }
`);

const AnswerComment = graphql(`
  mutation AnswerNoticeComment($input: AnswerCommentInput!) {
    answerNoticeComment(input: $input) {
      id
      status
      answer
    }
  }
`);

const ConfirmArchive = graphql(`
  mutation ConfirmRiskArchive($input: UnitRecordInput!) {
    confirmRiskArchive(input: $input) {
      unitId
      screeningStage
      archiveVersion
    }
  }
`);

type Unit = UnitWorkQuery['unitCampaign'];
type Comment = UnitNoticeCommentsQuery['noticeComments'][number];

const MOBILISATION_HINTS: Record<string, string> = {
  WORKING_BODY: '成立领导小组和办公室，明确负责人（R03）',
  IMPLEMENTATION_PLAN: '制定实施方案：目标、范围、步骤（R04）',
  MOBILISATION_MEETING: '召开动员大会，组织学习有关规定，记录参会人数（R05）',
};
const day = (at: string) => dayjs(at).format('YYYY-MM-DD');

/** 本单位工作: the unit's progress, its mobilisation records, the notice's comments and the archive confirmation. */
export default function UnitWork() {
  const me = useMe();
  const { campaign, loading } = useOpenCampaign();
  if (!me || loading) return <Spin />;
  const unitId = leadsUnit(me);
  if (!campaign || !unitId) return <Empty description="目前没有进行中的风险防控工作" />;
  const principal = me.roles.some((g) => g.role === 'UNIT_PRINCIPAL' && g.unitId === unitId);
  return <UnitWorkOf campaignId={campaign.id} unitId={unitId} principal={principal} />;
}

function UnitWorkOf({ campaignId, unitId, principal }: { campaignId: string; unitId: string; principal: boolean }) {
  const [{ data, error }, refetch] = useQuery({
    query: UnitWorkQueryDoc,
    variables: { campaignId, unitId },
    requestPolicy: 'network-only',
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (!data) return error ? <ErrorNotice error={error} /> : <Spin />;
  const unit = data.unitCampaign;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        本单位工作（{campaignId} 年度 · {unitId}）
      </Typography.Title>
      <Progress unit={unit} />
      <Mobilisation unit={unit} onRecorded={reload} />
      <NoticeAndArchive unit={unit} principal={principal} onChanged={reload} />
    </Space>
  );
}

/** Each phase with its status, deadline and escalation; the screening's stage and forms approved. */
function Progress({ unit }: { unit: Unit }) {
  const current = unit.phases.findIndex((p) => p.status === 'IN_PROGRESS');
  return (
    <Card size="small" title={<h3 style={{ fontSize: 16, margin: 0 }}>工作进度</h3>}>
      {unit.paused && <Alert type="warning" title="本单位的工作已被暂停" style={{ marginBottom: 12 }} />}
      <Steps
        current={current === -1 ? unit.phases.length : current}
        items={unit.phases.map((p) => ({
          title: PHASE_LABELS[p.phase],
          status:
            p.status === 'COMPLETE'
              ? 'finish'
              : p.status === 'IN_PROGRESS'
                ? p.rung && p.rung !== 'REMINDER'
                  ? 'error'
                  : 'process'
                : 'wait',
          content: (
            <>
              {PHASE_STATUS_LABELS[p.status]} · 截止 {day(p.deadline)}{' '}
              {p.rung && <Tag color={p.rung === 'REMINDER' ? undefined : SOLID.red}>{RUNG_LABELS[p.rung]}</Tag>}
            </>
          ),
        }))}
      />
      <Descriptions
        size="small"
        style={{ marginTop: 12 }}
        column={{ xs: 1, sm: 2, md: 3 }}
        items={[
          { key: 'stage', label: '风险排查', children: SCREENING_STAGE_LABELS[unit.screeningStage] ?? '—' },
          { key: 'forms', label: '已通过的表', children: `${unit.approvedForms} / ${unit.staff}` },
          {
            key: 'archive',
            label: '风险档案',
            children: unit.archiveVersion ? `第 ${unit.archiveVersion} 版` : '尚未建立',
          },
        ]}
      />
    </Card>
  );
}

/** R03–R05: the working body, the plan and the meeting with attendance; each recorded once. */
function Mobilisation({ unit, onRecorded }: { unit: Unit; onRecorded: () => void }) {
  const open = unit.phases.find((p) => p.phase === 'MOBILISATION')?.status === 'IN_PROGRESS';
  return (
    <Card size="small" title={<h3 style={{ fontSize: 16, margin: 0 }}>动员部署</h3>}>
      <Row gutter={[12, 12]}>
        {Object.keys(MOBILISATION_ITEM_LABELS).map((item) => {
          const record = unit.mobilisation.find((m) => m.item === item);
          return (
            <Col key={item} xs={24} md={8}>
              <Card
                size="small"
                type="inner"
                title={MOBILISATION_ITEM_LABELS[item]}
                extra={record ? <Tag color={SOLID.green}>已记录</Tag> : <Tag>未记录</Tag>}
              >
                {record ? (
                  <>
                    <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>
                      {record.evidence}
                    </Typography.Paragraph>
                    {record.attendance != null && <div>参会人数：{record.attendance}</div>}
                    <Typography.Text type="secondary">
                      {record.by} · {dayjs(record.at).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </>
                ) : open ? (
                  <MobilisationForm unit={unit} item={item} onRecorded={onRecorded} />
                ) : (
                  <Typography.Text type="secondary">动员学习阶段未开放</Typography.Text>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}

function MobilisationForm({ unit, item, onRecorded }: { unit: Unit; item: string; onRecorded: () => void }) {
  const [form] = Form.useForm<{ evidence: string; attendance?: number }>();
  const [state, record] = useMutation(RecordMobilisation);
  // One key per attempt of this item: a retried request is recorded once.
  const [key] = useState(() => crypto.randomUUID());
  const meeting = item === 'MOBILISATION_MEETING';
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) =>
        void record({
          input: {
            campaignId: unit.campaignId,
            unitId: unit.unitId,
            idempotencyKey: key,
            item: item as 'WORKING_BODY',
            evidence: v.evidence.trim(),
            attendance: meeting ? v.attendance : null,
          },
        }).then((r) => {
          placeFieldErrors(form, r.error);
          if (r.data) onRecorded();
        })
      }
    >
      <Form.Item
        name="evidence"
        label={`${MOBILISATION_ITEM_LABELS[item]}情况`}
        extra={MOBILISATION_HINTS[item]}
        rules={[{ required: true, whitespace: true, message: '请填写情况' }]}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      {meeting && (
        <Form.Item name="attendance" label="参会人数" rules={[{ required: true, message: '请填写参会人数' }]}>
          <InputNumber min={1} precision={0} style={{ width: 120 }} />
        </Form.Item>
      )}
      <ErrorNotice error={state.error} />
      <Button type="primary" htmlType="submit" loading={state.fetching} style={{ marginTop: 8 }}>
        记录{MOBILISATION_ITEM_LABELS[item]}
      </Button>
    </Form>
  );
}

/** R13: the public link, the comments with their answers, and the principal's confirmation of the risk archive. */
function NoticeAndArchive({ unit, principal, onChanged }: { unit: Unit; principal: boolean; onChanged: () => void }) {
  const { modal, message } = AntApp.useApp();
  const [{ data, error }, refetch] = useQuery({
    query: NoticeCommentsQuery,
    variables: { campaignId: unit.campaignId, unitId: unit.unitId },
    requestPolicy: 'network-only',
  });
  const [confirmed, confirm] = useMutation(ConfirmArchive);
  const comments = data?.noticeComments ?? [];
  const open = comments.filter((c) => c.status === 'OPEN').length;
  const link = `${location.origin}/public/notice/${unit.campaignId}/${unit.unitId}`;
  const awaiting = unit.screeningStage === 'AWAITING_CONFIRMATION';

  function confirmArchive() {
    modal.confirm({
      title: '确认本单位风险点清单',
      content: '确认后将建立新一版廉政风险信息档案，档案建立后不能修改（修正阶段会生成下一版）。',
      okText: '确认建档',
      cancelText: '取消',
      onOk: async () => {
        const r = await confirm({
          input: { campaignId: unit.campaignId, unitId: unit.unitId, idempotencyKey: crypto.randomUUID() },
        });
        if (r.data) {
          void message.success(`已建立风险档案第 ${r.data.confirmRiskArchive.archiveVersion ?? ''} 版`);
          onChanged();
        }
      },
    });
  }

  return (
    <Card size="small" title={<h3 style={{ fontSize: 16, margin: 0 }}>公示、意见与建档</h3>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {unit.noticeOpensAt ? (
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'period',
                label: '公示期',
                children: `${dayjs(unit.noticeOpensAt).format('YYYY-MM-DD HH:mm')} 至 ${
                  unit.noticeClosesAt ? dayjs(unit.noticeClosesAt).format('YYYY-MM-DD HH:mm') : '—'
                }${unit.noticeClosedEarly ? `（办公室提前结束：${unit.noticeClosedEarly.reason}）` : ''}`,
              },
              {
                key: 'link',
                label: '公示页面',
                children: (
                  <Typography.Text copyable={{ text: link, tooltips: ['复制链接', '已复制'] }}>{link}</Typography.Text>
                ),
              },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">全部表审核通过后，风险点自动进入公示。</Typography.Text>
        )}
        <ErrorNotice error={error} />
        <Typography.Text>
          群众意见 {comments.length} 条，待答复 {open} 条
        </Typography.Text>
        <List
          dataSource={comments}
          locale={emptyLocale('暂无意见')}
          renderItem={(c) => (
            <List.Item>
              <CommentItem comment={c} onAnswered={() => refetch({ requestPolicy: 'network-only' })} />
            </List.Item>
          )}
        />
        {unit.archiveVersion ? (
          <Alert type="success" showIcon title={`已建立廉政风险信息档案第 ${unit.archiveVersion} 版`} />
        ) : principal ? (
          <>
            <Button type="primary" disabled={!awaiting || open > 0} onClick={confirmArchive}>
              确认风险点清单并建档
            </Button>
            {!awaiting && (
              <Typography.Text type="secondary">公示期结束、全部意见答复后，由单位主要负责人确认。</Typography.Text>
            )}
            <ErrorNotice error={confirmed.error} />
          </>
        ) : (
          <Typography.Text type="secondary">公示期结束、全部意见答复后，由单位主要负责人确认建档。</Typography.Text>
        )}
      </Space>
    </Card>
  );
}

/** A comment and, while open, its answer: accepting sends the risk point's form back; dismissing needs a reason. */
function CommentItem({ comment, onAnswered }: { comment: Comment; onAnswered: () => void }) {
  const [form] = Form.useForm<{ accept: boolean; answer?: string }>();
  const [state, answer] = useMutation(AnswerComment);
  const accept = Form.useWatch('accept', form);
  return (
    <div style={{ width: '100%' }}>
      <Space wrap style={{ marginBottom: 4 }}>
        <Tag color={comment.status === 'OPEN' ? SOLID.orange : undefined}>{COMMENT_STATUS_LABELS[comment.status]}</Tag>
        <Typography.Text type="secondary">
          {comment.authorName ?? '匿名'} · {comment.riskPointId ? '针对具体风险点' : '针对全部风险点'}
        </Typography.Text>
      </Space>
      <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>{comment.text}</Typography.Paragraph>
      {comment.status === 'OPEN' ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ accept: false }}
          onFinish={(v) =>
            void answer({ input: { commentId: comment.id, accept: v.accept, answer: v.answer?.trim() ?? '' } }).then(
              (r) => {
                placeFieldErrors(form, r.error);
                if (r.data) onAnswered();
              },
            )
          }
        >
          <Form.Item name="accept" label="处理" style={{ marginBottom: 8 }}>
            <Radio.Group
              options={[
                { value: false, label: '不予采纳' },
                {
                  value: true,
                  label: comment.riskPointId ? '采纳（该风险点所在的表退回修改）' : '采纳',
                },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="answer"
            label={accept ? '答复（选填）' : '答复（不予采纳须说明理由）'}
            rules={[{ required: !accept, whitespace: true, message: '不予采纳须说明理由' }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <ErrorNotice error={state.error} />
          <Button htmlType="submit" loading={state.fetching}>
            提交答复
          </Button>
        </Form>
      ) : (
        comment.answer && <Typography.Text>答复：{comment.answer}</Typography.Text>
      )}
    </div>
  );
}
