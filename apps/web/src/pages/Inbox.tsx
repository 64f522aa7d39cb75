import { lazy, Suspense, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useClient, useQuery, useSubscription } from 'urql';
import { App as AntApp, Button, Checkbox, Input, Select, Space, Statistic, Table, Tag, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../gql';
import { userMessageOf } from '../lib/errors';
import { FORM_TYPE_LABELS, POST_GRADE_LABELS, ROLE_LABELS, options } from '../lib/labels';
import { ErrorNotice, SOLID } from './common';
import type { Task } from './InboxTask';

// An opened task loads on demand; pointing at a name starts loading it, so that it is there by the click.
const loadTask = () => import('./InboxTask');
const TaskDrawer = lazy(loadTask);

const InboxQueryDoc = graphql(`
  query Inbox($first: Int!, $after: String, $filter: TaskFilterInput) {
    myTasks(first: $first, after: $after, filter: $filter) {
      openCount
      doneCount
      totalCount
      departments {
        id
        name
        count
      }
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          campaignId
          formId
          formType
          formVersion
          ownerName
          unitId
          revision
          step
          role
          status
          dueAt
          escalated
          why
          returnOpinion
          nudgeCount
          lastNudgedAt
          changes {
            field
            before
            after
          }
        }
      }
    }
  }
`);

const ApproveMany = graphql(`
  mutation ApproveReviewTasks($input: ApproveTasksInput!) {
    approveReviewTasks(input: $input) {
      taskId
      ok
      errorCode
      userMessage
    }
  }
`);

const TaskAdded = graphql(`
  subscription InboxNotification {
    notificationAdded {
      id
      kind
    }
  }
`);

const PAGE = 20;

const overdue = (t: Task) => t.status === 'OPEN' && dayjs(t.dueAt).isBefore(dayjs());

/** 待办: my review tasks with counts, filters and paging; decide one, or approve several at once. */
export default function Inbox() {
  const client = useClient();
  const { modal, message } = AntApp.useApp();
  const { token } = theme.useToken();
  const [status, setStatus] = useState<string>('OPEN');
  const [formType, setFormType] = useState<string | undefined>();
  const [unitId, setUnitId] = useState('');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [grade, setGrade] = useState<string | undefined>();
  const [dueBefore, setDueBefore] = useState(''); // YYYY-MM-DD, as a date input holds it
  // 只看逾期: due before the moment it was asked (kept, so that each render does not ask anew), refreshed on reload.
  const [overdueAt, setOverdueAt] = useState<string | null>(null);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState<Task[]>([]);
  const [open, setOpen] = useState<Task | null>(null);
  // A notification's link (/inbox?task=…) opens that task once the list holds it.
  const [params, setParams] = useSearchParams();
  const linked = params.get('task');
  const filter = {
    status: status as 'OPEN',
    formType: formType as 'GENERAL_STAFF' | undefined,
    unitId: unitId.trim() || undefined,
    departmentId,
    grade: grade as 'A' | undefined,
    dueBefore: overdueAt ?? (dueBefore ? dayjs(dueBefore).endOf('day').toISOString() : undefined),
  };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: InboxQueryDoc,
    variables: { first: PAGE, after: cursors[cursors.length - 1], filter },
    requestPolicy: 'cache-and-network',
  });
  const reload = () =>
    overdueAt ? setOverdueAt(new Date().toISOString()) : refetch({ requestPolicy: 'network-only' });
  // A new task arrives live: the list refreshes without a reload (the shell shows the notice).
  useSubscription({ query: TaskAdded }, (_, n) => {
    if (n.notificationAdded.kind === 'TASK') reload();
    return n;
  });
  const resetPaging = () => setCursors([null]);

  function approveSelected() {
    const tasks = selected;
    modal.confirm({
      title: `批量通过 ${tasks.length} 份表`,
      content: (
        <ul style={{ paddingLeft: 20 }} aria-label="将要通过的表">
          {tasks.map((t) => (
            <li key={t.id}>
              {t.ownerName} · {FORM_TYPE_LABELS[t.formType]} · 第 {t.revision} 轮
            </li>
          ))}
        </ul>
      ),
      okText: '确认通过',
      cancelText: '取消',
      onOk: async () => {
        const r = await client
          .mutation(ApproveMany, { input: { idempotencyKey: crypto.randomUUID(), taskIds: tasks.map((t) => t.id) } })
          .toPromise();
        const outcomes = r.data?.approveReviewTasks ?? [];
        const failed = outcomes.filter((o) => !o.ok);
        if (r.error || failed.length)
          message.error(
            `${failed.length || tasks.length} 份未能通过：${failed[0]?.userMessage ?? userMessageOf(r.error)}`,
          );
        else message.success(`已通过 ${outcomes.length} 份`);
        setSelected([]);
        reload();
      },
    });
  }

  const conn = data?.myTasks;
  const tasks = conn?.edges.map((e) => e.node) ?? [];
  const linkedTask = linked ? tasks.find((t) => t.id === linked) : undefined;
  useEffect(() => {
    if (!linkedTask) return;
    setOpen(linkedTask);
    setParams({}, { replace: true });
  }, [linkedTask, setParams]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        待办
      </Typography.Title>
      <Space wrap size="large">
        <Statistic title="待审核" value={conn?.openCount ?? 0} />
        <Statistic title="已办" value={conn?.doneCount ?? 0} />
        <Statistic title="符合筛选" value={conn?.totalCount ?? 0} />
      </Space>
      {/* Framed like a card, without a card's code (its tabs) in the inbox's first load. */}
      <div
        role="search"
        aria-label="筛选待办"
        style={{
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG,
          padding: token.paddingSM,
        }}
      >
        <Space wrap>
          <Select
            aria-label="状态"
            value={status}
            style={{ width: 110 }}
            onChange={(v) => (setStatus(v), resetPaging())}
            options={[
              { value: 'OPEN', label: '待审核' },
              { value: 'DONE', label: '已办' },
              { value: 'CANCELLED', label: '已撤销' },
            ]}
          />
          <Select
            aria-label="表类型"
            placeholder="全部表类型"
            allowClear
            value={formType}
            style={{ width: 180 }}
            onChange={(v) => (setFormType(v), resetPaging())}
            options={options(FORM_TYPE_LABELS)}
          />
          <Input
            aria-label="单位编码"
            placeholder="单位编码"
            style={{ width: 120 }}
            value={unitId}
            onChange={(e) => (setUnitId(e.target.value), resetPaging())}
          />
          <Select
            aria-label="科室"
            placeholder="全部科室"
            allowClear
            value={departmentId}
            style={{ width: 160 }}
            onChange={(v) => (setDepartmentId(v), resetPaging())}
            options={(conn?.departments ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.count}）` }))}
          />
          <Select
            aria-label="岗位风险等级"
            placeholder="全部等级"
            allowClear
            value={grade}
            style={{ width: 120 }}
            onChange={(v) => (setGrade(v), resetPaging())}
            options={options(POST_GRADE_LABELS)}
          />
          {/* The browser's own date field: a calendar on every phone, and no date-picker code in the first load. */}
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
            <label htmlFor="due-before">截止日期不晚于</label>
            <Input
              id="due-before"
              type="date"
              style={{ width: 150 }}
              value={dueBefore}
              disabled={overdueAt !== null}
              onChange={(e) => (setDueBefore(e.target.value), resetPaging())}
            />
          </span>
          <Checkbox
            checked={overdueAt !== null}
            onChange={(e) => (setOverdueAt(e.target.checked ? new Date().toISOString() : null), resetPaging())}
          >
            只看逾期
          </Checkbox>
          <Button type="primary" disabled={selected.length === 0} onClick={approveSelected}>
            批量通过（{selected.length}）
          </Button>
        </Space>
      </div>
      <ErrorNotice error={error} />
      {/* A focusable region scrolls the table sideways on a phone, by keyboard too. */}
      <div role="region" aria-label="待办列表" tabIndex={0} style={{ overflowX: 'auto' }}>
        <Table<Task>
          rowKey="id"
          size="small"
          loading={fetching}
          dataSource={tasks}
          pagination={false}
          style={{ minWidth: 720 }}
          locale={{ emptyText: '没有待办' }}
          rowSelection={{
            selectedRowKeys: selected.map((t) => t.id),
            onChange: (_, rows) => setSelected(rows),
            getCheckboxProps: (t) => ({ disabled: t.status !== 'OPEN', 'aria-label': `选择 ${t.ownerName}` }),
          }}
          columns={[
            {
              title: '填表人',
              dataIndex: 'ownerName',
              render: (name: string, t) => (
                <Button
                  type="link"
                  style={{ padding: 0 }}
                  onPointerEnter={() => void loadTask()}
                  onFocus={() => void loadTask()}
                  onClick={() => setOpen(t)}
                >
                  {name}
                </Button>
              ),
            },
            { title: '表类型', dataIndex: 'formType', render: (v: string) => FORM_TYPE_LABELS[v] },
            { title: '单位', dataIndex: 'unitId' },
            { title: '轮次', dataIndex: 'revision', render: (v: number) => `第 ${v} 轮` },
            { title: '审核环节', dataIndex: 'role', render: (v: string) => ROLE_LABELS[v] ?? v },
            {
              title: '截止',
              dataIndex: 'dueAt',
              render: (v: string, t) => (
                <span>
                  {dayjs(v).format('MM-DD HH:mm')} {overdue(t) && <Tag color="red">逾期</Tag>}
                  {t.escalated && <Tag color={SOLID.red}>已升级</Tag>}
                </span>
              ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (v: string, t) => (
                <>
                  {v === 'OPEN' ? '待审核' : v === 'DONE' ? '已办' : '已撤销'}
                  {t.changes.length > 0 && t.revision > 1 && <Tag color={SOLID.orange}>有修改</Tag>}
                  {t.nudgeCount > 0 && <Tag color={SOLID.red}>催办 {t.nudgeCount} 次</Tag>}
                </>
              ),
            },
          ]}
        />
      </div>
      <Space>
        <Button disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          上一页
        </Button>
        <Button
          disabled={!conn?.pageInfo.hasNextPage}
          onClick={() => setCursors([...cursors, conn!.pageInfo.endCursor ?? null])}
        >
          下一页
        </Button>
      </Space>
      {open && (
        <Suspense fallback={null}>
          <TaskDrawer
            task={open}
            onClose={() => setOpen(null)}
            onDecided={() => {
              setOpen(null);
              reload();
            }}
          />
        </Suspense>
      )}
    </Space>
  );
}
