import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Card, Checkbox, Drawer, Form, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../gql';
import type { InboxQuery } from '../gql/graphql';
import { FORM_TYPE_LABELS, POST_GRADE_LABELS, options } from '../lib/labels';
import { ChangesCard } from './changes';
import { ErrorNotice } from './common';
import { FormView, NudgeReviewers } from './MyForm';
import { useMe } from './me';

// One task of the inbox, opened: loaded when a reviewer opens a task, not with the list (the form's view, the
// decision and its choices are most of the inbox's code).

export type Task = InboxQuery['myTasks']['edges'][number]['node'];

const TaskForm = graphql(`
  query TaskForm($id: ID!) {
    riskForm(id: $id) {
      ...FormParts
    }
    reviewState(formId: $id) {
      currentStep
      revision
      steps {
        index
        label
      }
      decisions {
        step
        revision
        decision
        opinion
        decidedAt
        decidedByName
      }
    }
  }
`);

const Decide = graphql(`
  mutation DecideReviewTask($input: DecideInput!) {
    decideReviewTask(input: $input) {
      status
      currentStep
      formVersion
    }
  }
`);

const NUDGING_ROLES: string[] = ['UNIT_LEADING_GROUP', 'UNIT_PRINCIPAL', 'OFFICE_ADMIN'];

/** The opened task: the form, the earlier levels' opinions and the decision (通过 / 退回 to a chosen step). */
export default function TaskDrawer({
  task,
  onClose,
  onDecided,
}: {
  task: Task;
  onClose: () => void;
  onDecided: () => void;
}) {
  const [{ data }] = useQuery({ query: TaskForm, variables: { id: task.formId }, requestPolicy: 'network-only' });
  const [decided, decide] = useMutation(Decide);
  const [opinion, setOpinion] = useState('');
  const [returnTo, setReturnTo] = useState<number | null>(null);
  const [override, setOverride] = useState(false);
  const [grade, setGrade] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState<'APPROVE' | 'RETURN' | null>(null);
  const me = useMe();
  // The unit's leaders and the office may nudge the step a form they passed on now waits at (the server decides).
  const leads = me?.roles.some(
    (r) => NUDGING_ROLES.includes(r.role) && (r.unitId === null || r.unitId === task.unitId),
  );
  const earlier = data?.reviewState?.steps.filter((s) => s.index < task.step) ?? [];
  // The earlier levels' opinions on this round: the reviewer decides knowing what they said.
  const opinions = (data?.reviewState?.decisions ?? []).filter((d) => d.revision === data?.reviewState?.revision);
  const overrideMissing = override && (!grade || !reason.trim());

  async function send(decision: 'APPROVE' | 'RETURN') {
    setTried(decision);
    if ((decision === 'RETURN' && !opinion.trim()) || overrideMissing) return;
    const r = await decide({
      input: {
        taskId: task.id,
        decision,
        formVersion: task.formVersion,
        idempotencyKey: crypto.randomUUID(),
        opinion: opinion.trim(),
        returnTo: decision === 'RETURN' ? returnTo : null,
        gradeChange: override && grade ? { grade: grade as 'A', reason: reason.trim() } : null,
      },
    });
    if (r.data) onDecided();
  }

  return (
    <Drawer
      open
      onClose={onClose}
      title={`${task.ownerName} 的${FORM_TYPE_LABELS[task.formType]}`}
      size="large"
      width="min(960px, 100vw)"
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="info" title={task.why} />
        {task.nudgeCount > 0 && (
          <Alert
            type="warning"
            title={`催办 ${task.nudgeCount} 次，最近 ${dayjs(task.lastNudgedAt).format('YYYY-MM-DD HH:mm')}`}
          />
        )}
        {task.returnOpinion && <Alert type="warning" title={`退回意见：${task.returnOpinion}`} />}
        {task.status === 'DONE' && leads && (
          <Card size="small" title="当前审核环节">
            <NudgeReviewers formId={task.formId} />
          </Card>
        )}
        {task.revision > 1 && <ChangesCard title="与上一轮相比的修改" changes={task.changes} />}
        {opinions.length > 0 && (
          <Card size="small" title="前序审核意见">
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {opinions.map((d) => (
                <li key={`${d.step}-${d.decidedAt}`}>
                  {earlier.find((s) => s.index === d.step)?.label ?? `第 ${d.step + 1} 级`}
                  {d.decidedByName ? ` ${d.decidedByName}` : ''} · {d.decision === 'APPROVE' ? '通过' : '退回'} ·{' '}
                  {dayjs(d.decidedAt).format('YYYY-MM-DD HH:mm')}
                  {d.opinion ? ` · 意见：${d.opinion}` : ''}
                </li>
              ))}
            </ul>
          </Card>
        )}
        {data?.riskForm && <FormView form={data.riskForm} />}
        {task.status === 'OPEN' && (
          <Card size="small" title="审核">
            <Form layout="vertical" component="div">
              <Form.Item
                label="审核意见（退回时必填）"
                htmlFor="opinion"
                {...(tried === 'RETURN' && !opinion.trim()
                  ? { validateStatus: 'error', help: '退回必须填写意见' }
                  : {})}
              >
                <Input.TextArea
                  id="opinion"
                  value={opinion}
                  onChange={(e) => setOpinion(e.target.value)}
                  autoSize={{ minRows: 2 }}
                />
              </Form.Item>
              <Form.Item label="退回给" htmlFor="return-to">
                <Select
                  id="return-to"
                  value={returnTo ?? -1}
                  onChange={(v) => setReturnTo(v === -1 ? null : v)}
                  options={[
                    { value: -1, label: '填表人' },
                    ...earlier.map((s) => ({ value: s.index, label: s.label })),
                  ]}
                />
              </Form.Item>
              <Checkbox checked={override} onChange={(e) => setOverride(e.target.checked)}>
                调整岗位风险等级（当前 {data?.riskForm.postGrade ? POST_GRADE_LABELS[data.riskForm.postGrade] : '—'}）
              </Checkbox>
              {override && (
                <Space wrap style={{ marginTop: 8 }}>
                  <Select
                    aria-label="调整为"
                    placeholder="调整为"
                    style={{ width: 100 }}
                    value={grade}
                    onChange={setGrade}
                    options={options(POST_GRADE_LABELS)}
                  />
                  <Input
                    aria-label="调整理由"
                    placeholder="调整理由（必填）"
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    status={tried && overrideMissing ? 'error' : undefined}
                  />
                </Space>
              )}
              <Space style={{ marginTop: 16 }} wrap>
                <Button type="primary" loading={decided.fetching} onClick={() => void send('APPROVE')}>
                  通过
                </Button>
                <Button danger loading={decided.fetching} onClick={() => void send('RETURN')}>
                  退回
                </Button>
              </Space>
              <ErrorNotice error={decided.error} />
            </Form>
          </Card>
        )}
      </Space>
    </Drawer>
  );
}
