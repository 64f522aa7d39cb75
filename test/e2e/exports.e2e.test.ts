import ExcelJS from 'exceljs';
import {
  DISTRICT_SUMMARY_COLUMNS,
  FORM_TYPE_LABELS,
  Role,
  UNIT_RISK_LIST_COLUMNS,
  chineseDate,
  type FormType,
} from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { campaignIdFor } from '../support/campaign';
import { TestDistrict } from '../support/district';
import { TestStack } from '../support/gateway';
import { pdfPages } from '../support/pdf-text';
import { launchWithScreeningOpen } from '../support/screening';
import { until } from '../support/wait';

const campaignId = campaignIdFor();
const JOB = `id kind status fileName rowsDone rowsTotal progress error downloadUrl expiresAt`;
const START = `mutation($i: StartExportInput!) { startExport(input: $i) { ${JOB} } }`;
const GET = `query($id: ID!) { exportJob(id: $id) { ${JOB} } }`;

interface Job {
  id: string;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  fileName: string;
  rowsDone: number;
  rowsTotal: number | null;
  progress: number;
  error: string | null;
  downloadUrl: string | null;
}

/**
 * R21 R23: printed forms and XLSX exports end to end — a real review chain over GraphQL, export jobs run by
 * their workflows on the worker, files downloaded through their links and read back (pdf text, exceljs),
 * access and audit.
 */
describe('R21 R23 printing and exports over GraphQL', () => {
  const stack = new TestStack();
  const tok = (code: string) => stack.token(code);
  /** A submitted and fully approved form of each type in unit s001, with the last reviewer's name. */
  const forms = {} as Record<FormType, { id: string; owner: string; reviewer: string }>;

  async function ok<T>(p: Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> {
    const res = await p;
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  }

  /** The first reviewer's grade override on the GENERAL_STAFF form, which later plain approvals keep (R12, issue 12.2). */
  const OVERRIDE = { grade: 'A', reason: '负责教辅征订，权力集中' };

  /**
   * Every step of the form's chain approves it, each by one of its assignees, with an opinion naming the level;
   * with `override`, the first step also overrides the post grade.
   */
  async function approveThroughChain(formId: string, override?: typeof OVERRIDE): Promise<string> {
    const ds = stack.db.dataSource;
    let reviewer = '';
    for (let step = 0; ; step++) {
      const next = await until(
        `form ${formId} to have an open task at step ${step}, or to be approved`,
        async () => {
          const [task] = (await ds.query(
            `SELECT t.id, t.role, p.code, f.version FROM review_task t JOIN risk_form f ON f.id = t.form_id JOIN person p ON p.id = t.assignees[1]
           WHERE t.form_id = $1 AND t.status = 'OPEN' AND t.step = $2`,
            [formId, step],
          )) as { id: string; role: string; code: string; version: number }[];
          if (task) return task;
          const [f] = (await ds.query(`SELECT status FROM risk_form WHERE id = $1`, [formId])) as { status: string }[];
          return f?.status === 'APPROVED' && ('APPROVED' as const);
        },
        20_000,
      );
      if (next === 'APPROVED') return reviewer;
      const task = next;
      await ok(
        stack.graphql(
          `mutation($i: DecideInput!) { decideReviewTask(input: $i) { status } }`,
          {
            i: {
              taskId: task.id,
              decision: 'APPROVE',
              opinion: `同意（第${step + 1}级）`,
              formVersion: task.version,
              idempotencyKey: `print-${task.id}`,
              ...(step === 0 && override ? { gradeChange: override } : {}),
            },
          },
          tok(task.code),
        ),
      );
      [{ name: reviewer }] = await ds.query(`SELECT name FROM person WHERE code = $1`, [task.code]);
    }
  }

  async function finished(code: string, job: Job): Promise<Job> {
    return until(
      `export ${job.id} to finish`,
      async () => {
        const { exportJob } = await ok(stack.graphql<{ exportJob: Job }>(GET, { id: job.id }, tok(code)));
        return exportJob.status !== 'RUNNING' && exportJob;
      },
      30_000,
    );
  }

  /** Starts an export as `code`, waits for it and downloads the file with no bearer token. */
  async function exportFile(
    code: string,
    input: Record<string, unknown>,
  ): Promise<{ job: Job; body: Buffer; contentType: string | null }> {
    const { startExport } = await ok(
      stack.graphql<{ startExport: Job }>(START, { i: { campaignId, ...input } }, tok(code)),
    );
    const job = await finished(code, startExport);
    expect(job).toMatchObject({ status: 'DONE', error: null, progress: 1 });
    const res = await fetch(job.downloadUrl!);
    expect(res.status).toBe(200);
    return { job, body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') };
  }

  async function sheetRows(body: Buffer): Promise<{ name: string; rows: unknown[][] }> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { name: ws.name, rows };
  }

  beforeAll(async () => {
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 100, seed: 5 }));
    await ok(
      stack.graphql(
        `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
        { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
        root,
      ),
    );
    const ds = stack.db.dataSource;
    const units: { id: string }[] = await ds.query(`SELECT id FROM unit ORDER BY id`);
    await launchWithScreeningOpen(
      stack,
      Number(campaignId),
      units.map((u) => u.id),
      root,
    );

    const district = new TestDistrict(ds, campaignId);
    const people: { code: string; form_type: FormType }[] = await ds.query(
      `SELECT DISTINCT ON (po.form_type) p.code, po.form_type FROM person p JOIN post po ON po.id = p.post_id WHERE p.unit_id = 's001' ORDER BY po.form_type, p.code DESC`,
    );
    expect(people.map((p) => p.form_type).sort()).toEqual(['GENERAL_STAFF', 'LEADERSHIP', 'MIDDLE_MANAGER']);
    await Promise.all(
      people.map(async ({ code, form_type }) => {
        const form = await district.completeForm(code);
        await ok(
          stack.graphql(
            `mutation($v: Int!) { submitRiskForm(campaignId: "${campaignId}", expectedVersion: $v) { status } }`,
            { v: form.version },
            tok(code),
          ),
        );
        const override = form_type === 'GENERAL_STAFF' ? OVERRIDE : undefined;
        forms[form_type] = { id: form.id, owner: code, reviewer: await approveThroughChain(form.id, override) };
      }),
    );
  });
  afterAll(() => stack.stop());

  it.each(['LEADERSHIP', 'MIDDLE_MANAGER', 'GENERAL_STAFF'] as const)(
    'R23 prints a %s form in the layout of its attachment: three copies, seal box, fields, opinions with reviewer and date',
    async (formType) => {
      const { id, owner, reviewer } = forms[formType];
      const { body, contentType, job } = await exportFile(owner, { kind: 'RISK_FORM_PDF', formId: id });
      expect(contentType).toBe('application/pdf');
      expect(job.fileName).toMatch(/^廉政风险识别和防控表-.+\.pdf$/);
      const pages = pdfPages(body);
      const text = pages.join('\n');
      const title = FORM_TYPE_LABELS[formType];
      // Three copies in one file, each numbered and each with the whole form.
      expect(text.split(title).length - 1).toBe(3);
      for (const copy of ['第一份', '第二份', '第三份']) expect(text).toContain(copy);
      expect(text.split('注：本表一式三份').length - 1).toBe(3);
      expect(text).toContain('单位(盖章)：');
      expect(text).toContain('岗位风险等级');
      expect(text).toContain('在评优评先中收受礼品');
      expect(text).toContain('思想道德');
      expect(text).toMatch(/[一二三]级/);
      // The last level's opinion, its reviewer's name and the decision's date (China time).
      expect(text).toContain('所在派驻纪检组、');
      expect(text).toContain('同意（第');
      expect(text).toContain(`审查人：${reviewer}`);
      expect(text).toContain(chineseDate(Date.now()));
      const layout: Record<FormType, string[]> = {
        LEADERSHIP: ['姓名', '职务', '三重一大', '重大事项决策', '大额度资金使用'],
        MIDDLE_MANAGER: ['科室', '负责人', '工作流程', '单位主管领导审查'],
        GENERAL_STAFF: ['姓名', '职务', '工作流程', '违规征订教辅'],
      };
      for (const label of layout[formType]) expect(text).toContain(label);
      // issue 12.2 R12: the printed grade is the override in force, with its reason.
      if (formType === 'GENERAL_STAFF') expect(text).toContain(OVERRIDE.reason);
      else expect(text).not.toContain(OVERRIDE.reason);
    },
  );

  it('R21 exports a unit’s risk list in the 登记表 columns, read back with exceljs, and audits the export of personal data', async () => {
    const { body, job } = await exportFile('s001-0001', { kind: 'UNIT_RISK_LIST', unitId: 's001' });
    const [{ n }] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM risk_form f JOIN risk_point p ON p.form_id = f.id WHERE f.campaign_id = $1 AND f.unit_id = 's001'`,
      [campaignId],
    );
    expect(job).toMatchObject({ rowsDone: n, rowsTotal: n });
    const { name, rows } = await sheetRows(body);
    expect(name).toBe('风险点登记表');
    expect(rows[0]).toEqual(UNIT_RISK_LIST_COLUMNS.map((c) => c.header));
    expect(rows.length - 1).toBe(n);
    const col = (h: string) => UNIT_RISK_LIST_COLUMNS.findIndex((c) => c.header === h);
    const pointRows = (formType: string) =>
      rows.filter((r) => r[col('风险点')] === '违规征订教辅' && r[col('填表类型')] === formType);
    const staffRow = pointRows('一般工作人员')[0]!;
    expect(pointRows('中层领导')[0]![col('等级调整')] ?? null).toBeNull();
    // issue 12.2 R12: the first reviewer's override stands through the later approvals, with who and why.
    expect(String(staffRow[col('等级调整')])).toContain(OVERRIDE.reason);
    expect(staffRow[col('岗位风险等级')]).toBe('A');
    expect(staffRow[col('风险类型')]).toBe('岗位职责');
    expect(staffRow[col('风险级别')]).toBe('一级');
    expect(staffRow[col('审核状态')]).toBe('已通过');
    expect(rows.slice(1).map((r) => r[0])).toEqual(Array.from({ length: n }, (_, i) => i + 1));

    const audit = await stack.db.dataSource.query(
      `SELECT actor, role, action, target FROM audit_record WHERE chain = $1 AND action = 'EXPORT_UNIT_RISK_LIST'`,
      [campaignId],
    );
    expect(audit).toEqual([
      { actor: 's001-0001', role: 'UNIT_PRINCIPAL', action: 'EXPORT_UNIT_RISK_LIST', target: 'unit:s001' },
    ]);
    const chain = await ok(
      stack.graphql<{ verifyAuditChain: { intact: boolean } }>(
        `{ verifyAuditChain(chain: "${campaignId}") { intact } }`,
        {},
        tok('office-admin'),
      ),
    );
    expect(chain.verifyAuditChain.intact).toBe(true);
  });

  it('R23 printing a form is audited too (personal data): who, role, target', async () => {
    await exportFile('discipline-1', { kind: 'RISK_FORM_PDF', formId: forms.GENERAL_STAFF.id });
    const audit = await stack.db.dataSource.query(
      `SELECT actor, role, target FROM audit_record WHERE chain = $1 AND action = 'EXPORT_RISK_FORM_PDF' AND actor = 'discipline-1'`,
      [campaignId],
    );
    expect(audit).toEqual([
      { actor: 'discipline-1', role: 'DISCIPLINE_TEAM', target: `form:${forms.GENERAL_STAFF.id}` },
    ]);
  });

  it('R21 exports the district summary per unit: forms, risk points by level and category, posts by grade, progress', async () => {
    const { body } = await exportFile('office-admin', { kind: 'DISTRICT_SUMMARY' });
    const { name, rows } = await sheetRows(body);
    expect(name).toBe('全区汇总');
    expect(rows[0]).toEqual(DISTRICT_SUMMARY_COLUMNS.map((c) => c.header));
    const units: { id: string }[] = await stack.db.dataSource.query(`SELECT id FROM unit ORDER BY id`);
    expect(rows.slice(1).map((r) => r[0])).toEqual(units.map((u) => u.id));
    const s001 = Object.fromEntries(
      DISTRICT_SUMMARY_COLUMNS.map((c, i) => [c.header, rows.find((r) => r[0] === 's001')![i]]),
    );
    const [db] = await stack.db.dataSource.query(
      `SELECT count(*) FILTER (WHERE p.level = 'LEVEL_1')::int AS l1, count(*) FILTER (WHERE p.category = 'IDEOLOGICAL_MORAL')::int AS moral
       FROM risk_form f JOIN risk_point p ON p.form_id = f.id WHERE f.campaign_id = $1 AND f.unit_id = 's001' AND f.status <> 'DRAFT'`,
      [campaignId],
    );
    expect(s001).toMatchObject({ 已建表: 3, 已提交: 3, 已通过: 3, 一级风险点: db.l1, 思想道德类: db.moral });
    expect(Number(s001['A级岗位']) + Number(s001['B级岗位']) + Number(s001['C级岗位'])).toBe(3);
    expect(s001['完成率']).toMatch(/^\d+%$/);
    // Aggregates only: no personal data, no audit record.
    expect(
      await stack.db.dataSource.query(`SELECT 1 FROM audit_record WHERE action = 'EXPORT_DISTRICT_SUMMARY'`),
    ).toEqual([]);
  });

  it('R21 R23 refuses the wrong role or unit, keeps jobs to their requester, and downloads only with the right token', async () => {
    const code = async (caller: string, input: Record<string, unknown>) =>
      (await stack.graphql(START, { i: { campaignId, ...input } }, tok(caller))).errors?.[0]?.extensions?.code;
    expect(await code('s002-0001', { kind: 'UNIT_RISK_LIST', unitId: 's001' })).toBe('FORBIDDEN');
    expect(await code('s001-0011', { kind: 'UNIT_RISK_LIST', unitId: 's001' })).toBe('FORBIDDEN');
    expect(await code('s001-0001', { kind: 'DISTRICT_SUMMARY' })).toBe('FORBIDDEN');
    expect(await code('s002-0001', { kind: 'RISK_FORM_PDF', formId: forms.GENERAL_STAFF.id })).toBe('FORBIDDEN');
    const missing = await stack.graphql(START, { i: { campaignId, kind: 'UNIT_RISK_LIST' } }, tok('office-admin'));
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'unitId', reason: 'is required for this kind of export', message: '导出此类内容时必填' }],
    });

    const { job } = await exportFile('office-admin', { kind: 'UNIT_RISK_LIST', unitId: 's002' });
    expect((await stack.graphql(GET, { id: job.id }, tok('discipline-1'))).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const wrong = new URL(job.downloadUrl!);
    wrong.searchParams.set('token', 'x'.repeat(32));
    expect((await fetch(wrong)).status).toBe(404);
    expect((await fetch(`${stack.url}/exports/${job.id}/download`)).status).toBe(404);
  });

  it('R21 a large unit’s risk list streams page by page: every row once, in order, with its progress counted', async () => {
    const ds = stack.db.dataSource;
    const district = new TestDistrict(ds, campaignId);
    const [{ code }] = await ds.query(
      `SELECT p.code FROM person p WHERE p.unit_id = 's002' AND p.post_id IS NOT NULL ORDER BY p.code LIMIT 1`,
    );
    const form = await district.completeForm(code);
    const extra = 2500; // more than two pages of the keyset reader
    await ds.query(
      `INSERT INTO risk_point (form_id, ordinal, description, category, causes, likelihood, harm, computed_level, level, finding_method, direction, control_measures)
       SELECT $1, 100 + g, '批量风险点' || g, 'BUSINESS_PROCESS', ARRAY['BUSINESS_PROCESS'], 1, 1, 'LEVEL_3', 'LEVEL_3', 'SELF', 'FORWARD', '按制度办理'
       FROM generate_series(1, $2) g`,
      [form.id, extra],
    );
    const n = form.riskPoints.length + extra;
    const { body, job } = await exportFile('office-admin', { kind: 'UNIT_RISK_LIST', unitId: 's002' });
    expect(job).toMatchObject({ rowsDone: n, rowsTotal: n });
    const { rows } = await sheetRows(body);
    const description = UNIT_RISK_LIST_COLUMNS.findIndex((c) => c.header === '风险点');
    const bulk = rows
      .slice(1)
      .map((r) => r[description] as string)
      .filter((d) => d.startsWith('批量风险点'));
    expect(bulk).toEqual(Array.from({ length: extra }, (_, i) => `批量风险点${i + 1}`));
    expect(rows.length - 1).toBe(n);
  });

  /** How many stored pieces the file `key` has in the shared export storage (PostgreSQL). */
  const chunksOf = async (key: string): Promise<number> =>
    (
      (await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM export_chunk WHERE object_key = $1`, [key])) as [
        { n: number },
      ]
    )[0].n;

  it('R21 an expired download link stops working and its file is deleted', async () => {
    const { job } = await exportFile('office-admin', { kind: 'DISTRICT_SUMMARY' });
    const [{ file_path: file }] = await stack.db.dataSource
      .query(`UPDATE export_job SET expires_at = now() - interval '1 minute' WHERE id = $1 RETURNING file_path`, [
        job.id,
      ])
      .then((r) => r[0]);
    expect((await fetch(job.downloadUrl!)).status).toBe(404);
    expect(await chunksOf(file)).toBeGreaterThan(0);
    await exportFile('office-admin', { kind: 'DISTRICT_SUMMARY' }); // finishing another export sweeps expired files
    expect(await chunksOf(file)).toBe(0);
  });

  it('R21 a restarted gateway still knows a finished job and serves its file', async () => {
    const { job } = await exportFile('office-admin', { kind: 'DISTRICT_SUMMARY' });
    await stack.restartGateway();
    const again = await finished('office-admin', job);
    expect(again).toMatchObject({ status: 'DONE', fileName: job.fileName });
    const res = await fetch(again.downloadUrl!);
    expect(res.status).toBe(200);
    expect((await sheetRows(Buffer.from(await res.arrayBuffer()))).rows[0]).toEqual(
      DISTRICT_SUMMARY_COLUMNS.map((c) => c.header),
    );
  });
});
