#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ReviewerClientError, clientError, connect, type ReviewerConnection } from './client';
import type { ReviewerMyTasksQuery } from './gql/graphql';
import { FORM_TYPE_LABELS, NOTIFICATION_LABELS, REVIEW_STATUS_LABELS, ROLE_LABELS, cst } from './labels';
import { Decide, MyTasks, NewNotifications, RiskForm } from './operations';

type Task = ReviewerMyTasksQuery['myTasks']['edges'][number]['node'];

const USAGE = `用法：pirm-reviewer [--url 地址] [--json] <命令>

命令：
  tasks                              列出我的待办
  show <任务ID>                      查看一项待办及其表单
  approve <任务ID> [--opinion 意见]  通过
  return <任务ID> --opinion 意见 [--to 步骤]  退回（默认退回提交人）
  watch [--count N]                  实时接收新待办（Ctrl-C 结束）

环境变量：PIRM_TOKEN（个人访问令牌，必填）、PIRM_URL（默认 http://localhost:3000）`;

/** Where the CLI writes; the tests pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

const nodeIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
};

/** Runs one command; resolves with the exit code (0 done, 1 refused or failed, 2 wrong usage). */
export async function main(argv: string[], io: Io = nodeIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        json: { type: 'boolean', default: false },
        opinion: { type: 'string' },
        to: { type: 'string' },
        count: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, taskId] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  const token = io.env.PIRM_TOKEN;
  if (!token) {
    io.err('缺少令牌：请设置环境变量 PIRM_TOKEN（在控制台「访问令牌」页面创建）');
    return 2;
  }
  const url = (values.url ?? io.env.PIRM_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const conn = connect(url, token);
  const print = (json: unknown, text: () => string[]) =>
    values.json ? io.out(JSON.stringify(json)) : text().forEach((l) => io.out(l));
  try {
    switch (command) {
      case 'tasks': {
        const tasks = await openTasks(conn);
        print(tasks, () => (tasks.length ? tasks.map(taskLine) : ['暂无待办']));
        return 0;
      }
      case 'show': {
        const task = await findTask(conn, required(taskId, '任务ID'));
        const r = await conn.client.query(RiskForm, { id: task.formId }).toPromise();
        if (r.error) throw clientError(r.error);
        const form = r.data!.riskForm;
        print({ task, form }, () => [
          taskLine(task),
          ...(task.returnOpinion ? [`退回意见：${task.returnOpinion}`] : []),
          `表单：${form.title}（第 ${form.version} 版）`,
          `姓名：${form.name}，职务：${form.position}，科室：${form.departmentName}`,
          `岗位职责：${form.postDuties}`,
          `自我防控措施：${form.controlMeasures}`,
          `岗位风险等级：${form.postGrade ?? '—'}`,
          ...form.riskPoints.map(
            (p) =>
              `风险点${p.ordinal}：${p.description}（${p.categoryLabel}，${p.levelLabel}）防控措施：${p.controlMeasures}`,
          ),
        ]);
        return 0;
      }
      case 'approve':
      case 'return': {
        const task = await findTask(conn, required(taskId, '任务ID'));
        const opinion = values.opinion ?? (command === 'approve' ? '同意' : '');
        if (command === 'return' && !opinion.trim())
          throw new ReviewerClientError('USAGE', '退回需要填写意见：--opinion 意见');
        const r = await conn.client
          .mutation(Decide, {
            input: {
              taskId: task.id,
              decision: command === 'approve' ? 'APPROVE' : 'RETURN',
              opinion,
              returnTo: values.to === undefined ? null : Number(values.to),
              formVersion: task.formVersion,
              // One key per task and form version: a retried command returns the first result, records nothing twice.
              idempotencyKey: `reviewer-client:${task.id}:${task.formVersion}`,
            },
          })
          .toPromise();
        if (r.error) throw clientError(r.error);
        const result = r.data!.decideReviewTask;
        print({ taskId: task.id, decision: command === 'approve' ? 'APPROVE' : 'RETURN', ...result }, () => [
          `${command === 'approve' ? '已通过' : '已退回'}：${task.ownerName} 的${FORM_TYPE_LABELS[task.formType] ?? task.formType}表（任务 ${task.id}）`,
          `表单状态：${REVIEW_STATUS_LABELS[result.status] ?? result.status}`,
        ]);
        return 0;
      }
      case 'watch':
        return await watch(conn, values.count === undefined ? Infinity : Number(values.count), values.json, io);
      default:
        io.err(`未知命令：${command}\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof ReviewerClientError) {
      if (values.json)
        io.err(JSON.stringify({ error: { code: e.code, message: e.message, fieldErrors: e.fieldErrors } }));
      else io.err(`错误（${e.code}）：${e.message}`);
      return e.code === 'USAGE' ? 2 : 1;
    }
    throw e;
  } finally {
    await conn.close();
  }
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new ReviewerClientError('USAGE', `缺少${what}`);
  return value;
}

function taskLine(t: Task): string {
  const overdue = new Date(t.dueAt).getTime() < Date.now() ? '【已逾期】' : '';
  const escalated = t.escalated ? '【已升级】' : '';
  return `${t.id}  ${t.ownerName}（${FORM_TYPE_LABELS[t.formType] ?? t.formType}，${t.unitId}）  第 ${t.step + 1} 级：${ROLE_LABELS[t.role] ?? t.role}  截止 ${cst(t.dueAt)}${overdue}${escalated}`;
}

/** Every open task of mine, following the cursor (100 a page, the gateway's bound). */
async function openTasks(conn: ReviewerConnection): Promise<Task[]> {
  const tasks: Task[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await conn.client.query(MyTasks, { first: 100, after }).toPromise();
    if (r.error) throw clientError(r.error);
    const page: ReviewerMyTasksQuery['myTasks'] = r.data!.myTasks;
    tasks.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return tasks;
    after = page.pageInfo.endCursor ?? null;
  }
}

async function findTask(conn: ReviewerConnection, id: string): Promise<Task> {
  const task = (await openTasks(conn)).find((t) => t.id === id);
  if (!task) throw new ReviewerClientError('NOT_FOUND', `待办中没有任务 ${id}（可能已处理，或不是您的待办）`);
  return task;
}

/** Prints each new notification as it arrives until `count` have, the server closes the socket, or Ctrl-C. */
function watch(conn: ReviewerConnection, count: number, json: boolean, io: Io): Promise<number> {
  return new Promise((resolve) => {
    let seen = 0;
    let done = false;
    // Filled once the subscription starts; `finish` may run from the socket's close before that.
    const running: { sub?: { unsubscribe(): void } } = {};
    const finish = (code: number) => {
      if (done) return;
      done = true;
      running.sub?.unsubscribe();
      process.off('SIGINT', onSigint);
      resolve(code);
    };
    const onSigint = () => finish(0);
    process.on('SIGINT', onSigint);
    conn.onClosed((code) => {
      if (code === 4403) io.err('订阅已被服务器关闭：令牌已被撤销或已过期');
      finish(code === 1000 ? 0 : 1);
    });
    if (!json) io.out('正在等待新的待办…（Ctrl-C 结束）');
    running.sub = conn.client.subscription(NewNotifications, {}).subscribe((r) => {
      if (r.error) {
        const e = clientError(r.error);
        io.err(
          json ? JSON.stringify({ error: { code: e.code, message: e.message } }) : `错误（${e.code}）：${e.message}`,
        );
        finish(1);
        return;
      }
      const n = r.data?.notificationAdded;
      if (!n) return;
      if (json) io.out(JSON.stringify(n));
      else io.out(`[${cst(n.createdAt)}] ${NOTIFICATION_LABELS[n.kind] ?? n.kind}：${n.message}`);
      if (++seen >= count) finish(0);
    });
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
