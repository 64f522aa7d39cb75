import { lazy, Suspense, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useClient, useQuery, useSubscription } from 'urql';
import { App as AntApp, Button, Checkbox, Input, Select, Space, Spin, Statistic, Tag, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../gql';
import { userMessageOf } from '../lib/errors';
import { FORM_TYPE_LABELS, POST_GRADE_LABELS, ROLE_LABELS, TASK_STATUS_LABELS, options } from '../lib/labels';
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
            options={options(TASK_STATUS_LABELS)}
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
      <TaskTable tasks={tasks} loading={fetching} selected={selected} onSelect={setSelected} onOpen={setOpen} />
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

/**
 * The page of tasks as a plain table: antd's Table would bring its pagination, filter menus and tree into the
 * inbox's first load (about 48 KB gzip) for a page that pages by cursor and filters above the list. Styled from
 * the theme's tokens; a focusable region scrolls it sideways on a phone, by keyboard too.
 */
function TaskTable({
  tasks,
  loading,
  selected,
  onSelect,
  onOpen,
}: {
  tasks: Task[];
  loading: boolean;
  selected: Task[];
  onSelect: (tasks: Task[]) => void;
  onOpen: (task: Task) => void;
}) {
  const { token } = theme.useToken();
  const selectable = tasks.filter((t) => t.status === 'OPEN');
  const isSelected = (t: Task) => selected.some((s) => s.id === t.id);
  const cell = {
    padding: `${token.paddingXS}px ${token.paddingSM}px`,
    borderBottom: `1px solid ${token.colorBorderSecondary}`,
  };
  const head = { ...cell, background: token.colorFillAlter, fontWeight: 600, textAlign: 'start' as const };
  const columns = ['填表人', '表类型', '单位', '轮次', '审核环节', '截止', '状态'];
  return (
    <div role="region" aria-label="待办列表" tabIndex={0} style={{ overflowX: 'auto' }}>
      <Spin spinning={loading}>
        <table
          style={{
            minWidth: 720,
            width: '100%',
            borderCollapse: 'collapse',
            background: token.colorBgContainer,
            fontSize: token.fontSizeSM + 1,
          }}
        >
          <thead>
            <tr>
              <th scope="col" style={{ ...head, width: 40 }}>
                <Checkbox
                  aria-label="选择本页全部待审核"
                  disabled={selectable.length === 0}
                  checked={selectable.length > 0 && selectable.every(isSelected)}
                  indeterminate={selected.length > 0 && !selectable.every(isSelected)}
                  onChange={(e) => onSelect(e.target.checked ? selectable : [])}
                />
              </th>
              {columns.map((c) => (
                <th key={c} scope="col" style={head}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tasks.length === 0 && (
              <tr>
                <td
                  colSpan={columns.length + 1}
                  style={{ ...cell, textAlign: 'center', color: token.colorTextTertiary }}
                >
                  {loading ? '加载中…' : '没有待办'}
                </td>
              </tr>
            )}
            {tasks.map((t) => (
              <tr key={t.id} data-task-id={t.id}>
                <td style={cell}>
                  <Checkbox
                    aria-label={`选择 ${t.ownerName}`}
                    disabled={t.status !== 'OPEN'}
                    checked={isSelected(t)}
                    onChange={(e) =>
                      onSelect(e.target.checked ? [...selected, t] : selected.filter((s) => s.id !== t.id))
                    }
                  />
                </td>
                <td style={cell}>
                  <Button
                    type="link"
                    style={{ padding: 0 }}
                    onPointerEnter={() => void loadTask()}
                    onFocus={() => void loadTask()}
                    onClick={() => onOpen(t)}
                  >
                    {t.ownerName}
                  </Button>
                </td>
                <td style={cell}>{FORM_TYPE_LABELS[t.formType]}</td>
                <td style={cell}>{t.unitId}</td>
                <td style={cell}>第 {t.revision} 轮</td>
                <td style={cell}>{ROLE_LABELS[t.role] ?? t.role}</td>
                <td style={cell}>
                  {dayjs(t.dueAt).format('MM-DD HH:mm')} {overdue(t) && <Tag color="red">逾期</Tag>}
                  {t.escalated && <Tag color={SOLID.red}>已升级</Tag>}
                </td>
                <td style={cell}>
                  {TASK_STATUS_LABELS[t.status] ?? t.status}
                  {t.changes.length > 0 && t.revision > 1 && <Tag color={SOLID.orange}>有修改</Tag>}
                  {t.nudgeCount > 0 && <Tag color={SOLID.red}>催办 {t.nudgeCount} 次</Tag>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Spin>
    </div>
  );
}
