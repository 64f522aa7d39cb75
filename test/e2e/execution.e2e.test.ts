import ExcelJS from 'exceljs';
import { YEAR_END_DEPARTMENT_COLUMNS, YEAR_END_PERSON_COLUMNS, YEAR_END_UNIT_COLUMNS } from '@pirm/domain';
import { createRiskArchive } from '@pirm/persistence';
import { campaignIdFor } from '../support/campaign';
import { TestDistrict } from '../support/district';
import { TestStack, type GraphQLResponse } from '../support/gateway';
import { until } from '../support/wait';

const N = campaignIdFor();
const RECORDED_ON = '2026-11-20';

/**
 * R14 R15 R16 execution records and R20 R21 next year's prefill, over GraphQL. Unit s001's forms of campaign
 * N are filed through the forms service, then approved and archived directly in PostgreSQL by the same
 * persistence function the principal's confirmation runs (the review chain and confirmation themselves are
 * proved in screening.e2e, on the time-skipping server).
 */
describe('R14 R15 R16 execution records, and R20 R21 next year’s form prefilled from the archive', () => {
  const stack = new TestStack();
  let district: TestDistrict;
  let teacher = '';
  let otherTeacher = '';
  const tok = (code: string) => stack.token(code);
  const ok = async <T>(p: Promise<GraphQLResponse<T>>): Promise<T> => {
    const res = await p;
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const codeOf = async <T>(p: Promise<GraphQLResponse<T>>) => (await p).errors?.[0]?.extensions?.code;
  const fieldErrors = async <T>(p: Promise<GraphQLResponse<T>>) => (await p).errors?.[0]?.extensions?.fieldErrors;
  const count = async (table: string): Promise<number> =>
    ((await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }])[0].n;

  beforeAll(async () => {
    await stack.start();
    district = await TestDistrict.create(stack.db.dataSource, N, { units: 3, people: 60, seed: 31 });
    const staff: { code: string; formType: string }[] = await stack.db.dataSource.query(
      `SELECT p.code, po.form_type AS "formType" FROM person p JOIN post po ON po.id = p.post_id WHERE p.unit_id = 's001' ORDER BY p.code`,
    );
    const teachers = staff.filter((s) => s.formType === 'GENERAL_STAFF');
    [teacher, otherTeacher] = [teachers[0]!.code, teachers[1]!.code];
    for (const s of staff) await district.completeForm(s.code);
    await stack.db.dataSource.query(
      `UPDATE risk_form SET status = 'APPROVED' WHERE campaign_id = $1 AND unit_id = 's001'`,
      [N],
    );
    await createRiskArchive(stack.db.dataSource, 'seed-confirmation', N, 's001', await district.personId('s001-0001'));
  });
  afterAll(() => stack.stop());

  const MEASURES = `query($u: ID!) { unitRiskMeasures(campaignId: "${N}", unitId: $u) { riskPointId postName description levelLabel controlMeasures responsiblePostName inPlace statusLabel evidence recordedByName recordings } }`;
  const RECORD_MEASURE = `mutation($i: RecordMeasureImplementationInput!) { recordMeasureImplementation(input: $i) { riskPointId inPlace evidence recordedByName } }`;
  type Measures = {
    unitRiskMeasures: {
      riskPointId: string;
      statusLabel: string;
      inPlace: boolean | null;
      evidence: string | null;
      recordings: number;
      responsiblePostName: string | null;
      controlMeasures: string;
    }[];
  };

  it('R14 every archived risk point lists its measure and responsible post; the unit records whether it is in place, the latest recording wins', async () => {
    const before = (await ok(stack.graphql<Measures>(MEASURES, { u: 's001' }, tok('s001-0001')))).unitRiskMeasures;
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((m) => m.statusLabel === '未记录' && m.responsiblePostName && m.controlMeasures)).toBe(true);
    const point = before[0]!.riskPointId;

    await ok(
      stack.graphql(
        RECORD_MEASURE,
        { i: { campaignId: N, unitId: 's001', riskPointId: point, inPlace: false, evidence: '制度尚未上墙' } },
        tok('s001-0002'),
      ),
    );
    const latest = await ok(
      stack.graphql<{ recordMeasureImplementation: { inPlace: boolean; recordedByName: string } }>(
        RECORD_MEASURE,
        {
          i: {
            campaignId: N,
            unitId: 's001',
            riskPointId: point,
            inPlace: true,
            evidence: '评优结果公示三天，台账齐全',
          },
        },
        tok('s001-0001'),
      ),
    );
    expect(latest.recordMeasureImplementation.inPlace).toBe(true);
    const after = (
      await ok(stack.graphql<Measures>(MEASURES, { u: 's001' }, tok('discipline-1')))
    ).unitRiskMeasures.find((m) => m.riskPointId === point)!;
    expect(after).toMatchObject({
      inPlace: true,
      statusLabel: '已落实',
      evidence: '评优结果公示三天，台账齐全',
      recordings: 2,
    });
    const audit: { action: string; actor: string }[] = await stack.db.dataSource.query(
      `SELECT action, actor FROM audit_record WHERE chain = $1 AND action = 'MEASURE_IMPLEMENTATION' ORDER BY seq`,
      [N],
    );
    expect(audit).toEqual([
      { action: 'MEASURE_IMPLEMENTATION', actor: 's001-0002' },
      { action: 'MEASURE_IMPLEMENTATION', actor: 's001-0001' },
    ]);
  });

  it('R14 a teacher may neither record nor list; a point of another unit, or blank evidence, is refused by field and nothing is written', async () => {
    const point = (await ok(stack.graphql<Measures>(MEASURES, { u: 's001' }, tok('office-admin')))).unitRiskMeasures[0]!
      .riskPointId;
    const rows = await count('measure_implementation');
    expect(await codeOf(stack.graphql(MEASURES, { u: 's001' }, tok(teacher)))).toBe('FORBIDDEN');
    expect(
      await codeOf(
        stack.graphql(
          RECORD_MEASURE,
          { i: { campaignId: N, unitId: 's001', riskPointId: point, inPlace: true, evidence: 'x' } },
          tok(teacher),
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await fieldErrors(
        stack.graphql(
          RECORD_MEASURE,
          { i: { campaignId: N, unitId: 's002', riskPointId: point, inPlace: true, evidence: 'x' } },
          tok('office-admin'),
        ),
      ),
    ).toEqual([
      {
        field: 'riskPointId',
        reason: `is not an archived risk point of unit s002 in campaign ${N}`,
        message: '不是本单位本次活动中已归档的风险点',
      },
    ]);
    expect(
      await fieldErrors(
        stack.graphql(
          RECORD_MEASURE,
          { i: { campaignId: N, unitId: 's001', riskPointId: point, inPlace: true, evidence: ' ' } },
          tok('s001-0001'),
        ),
      ),
    ).toEqual([{ field: 'evidence', reason: 'must not be blank', message: '不能为空' }]);
    expect(await count('measure_implementation')).toBe(rows);
  });

  const COMMIT = `mutation($i: RecordCommitmentInput!) { recordCommitment(input: $i) { personCode text publishedWhere audiences audienceLabels publishedOn recordedByName } }`;
  const commitment = (over: Record<string, unknown> = {}) => ({
    campaignId: N,
    text: '不收受学生家长礼品礼金，不有偿家教',
    publishedWhere: '家长会',
    audiences: ['PARENTS', 'STUDENTS'],
    publishedOn: RECORDED_ON,
    ...over,
  });

  it('R15 a teacher records their own public commitment; the principal records one for a colleague; a teacher may not record another’s', async () => {
    const own = await ok(
      stack.graphql<{ recordCommitment: { personCode: string; audienceLabels: string[] } }>(
        COMMIT,
        { i: commitment() },
        tok(teacher),
      ),
    );
    expect(own.recordCommitment).toMatchObject({ personCode: teacher, audienceLabels: ['家长', '学生'] });
    const forColleague = await ok(
      stack.graphql<{ recordCommitment: { personCode: string } }>(
        COMMIT,
        { i: commitment({ personCode: otherTeacher, publishedWhere: '校务公开栏', audiences: ['PUBLIC'] }) },
        tok('s001-0001'),
      ),
    );
    expect(forColleague.recordCommitment.personCode).toBe(otherTeacher);
    expect(await codeOf(stack.graphql(COMMIT, { i: commitment({ personCode: otherTeacher }) }, tok(teacher)))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(stack.graphql(COMMIT, { i: commitment({ personCode: teacher }) }, tok('s002-0001')))).toBe(
      'FORBIDDEN',
    );
    const rows = await count('commitment');
    expect(
      await fieldErrors(
        stack.graphql(COMMIT, { i: commitment({ text: '', audiences: [], publishedOn: '2099-01-01' }) }, tok(teacher)),
      ),
    ).toEqual([
      { field: 'text', reason: 'must not be blank', message: '不能为空' },
      { field: 'audiences', reason: 'name at least one audience', message: '至少选择一个承诺对象' },
      {
        field: 'publishedOn',
        reason: expect.stringMatching(/^must not be after today/),
        message: expect.stringMatching(/^不能晚于今天/),
      },
    ]);
    expect(await count('commitment')).toBe(rows);
  });

  const ACTIVITY = `mutation($i: RecordUnitActivityInput!) { recordUnitActivity(input: $i) { kind kindLabel heldOn participants circular recordedByName } }`;
  const activity = (over: Record<string, unknown> = {}) => ({
    campaignId: N,
    unitId: 's001',
    kind: 'INTEGRITY_EDUCATION',
    heldOn: RECORDED_ON,
    summary: '组织观看警示教育片',
    participants: 38,
    evidence: '签到表、照片',
    ...over,
  });

  it('R15 R16 unit leaders record education, talks, hearings, openness and checks; an inspection carries its circular', async () => {
    for (const kind of [
      'INTEGRITY_EDUCATION',
      'TALK',
      'HEARING',
      'AFFAIRS_OPENNESS',
      'INTERNAL_CHECK',
      'SELF_CHECK',
      'PUBLIC_APPRAISAL',
    ]) {
      await ok(stack.graphql(ACTIVITY, { i: activity({ kind }) }, tok('s001-0002')));
    }
    const inspection = await ok(
      stack.graphql<{ recordUnitActivity: { kindLabel: string; circular: string } }>(
        ACTIVITY,
        { i: activity({ kind: 'INSPECTION', summary: '不定期检查教辅征订', circular: '关于教辅征订检查情况的通报' }) },
        tok('office-admin'),
      ),
    );
    expect(inspection.recordUnitActivity).toEqual({
      kind: 'INSPECTION',
      kindLabel: '不定期检查',
      heldOn: RECORDED_ON,
      participants: 38,
      circular: '关于教辅征订检查情况的通报',
      recordedByName: expect.any(String),
    });
    const rows = await count('unit_activity');
    expect(
      await fieldErrors(
        stack.graphql(ACTIVITY, { i: activity({ kind: 'INSPECTION', participants: 0 }) }, tok('s001-0001')),
      ),
    ).toEqual([
      { field: 'participants', reason: 'must be a whole number from 1 to 100000', message: '须为 1 到 100000 的整数' },
      { field: 'circular', reason: 'is required', message: '必填' },
    ]);
    expect(await codeOf(stack.graphql(ACTIVITY, { i: activity() }, tok(teacher)))).toBe('FORBIDDEN');
    expect(await codeOf(stack.graphql(ACTIVITY, { i: activity() }, tok('s002-0001')))).toBe('FORBIDDEN');
    expect(await count('unit_activity')).toBe(rows);
  });

  const REPORT = `mutation($i: RecordDutyReportInput!) { recordDutyReport(input: $i) { personCode votes { good fairlyGood average poor } rating ratingLabel approvalShare } }`;

  it('R15 unit leaders record each person’s duty-and-integrity report with its democratic appraisal (votes or a rating)', async () => {
    const voted = await ok(
      stack.graphql<{ recordDutyReport: unknown }>(
        REPORT,
        {
          i: {
            campaignId: N,
            personCode: teacher,
            reportSummary: '述职述廉：履行一岗双责',
            votes: { good: 30, fairlyGood: 6, average: 3, poor: 1 },
          },
        },
        tok('s001-0001'),
      ),
    );
    expect(voted.recordDutyReport).toEqual({
      personCode: teacher,
      votes: { good: 30, fairlyGood: 6, average: 3, poor: 1 },
      rating: null,
      ratingLabel: null,
      approvalShare: 0.9,
    });
    const rated = await ok(
      stack.graphql<{ recordDutyReport: { ratingLabel: string } }>(
        REPORT,
        { i: { campaignId: N, personCode: otherTeacher, reportSummary: '述职述廉', rating: 'FAIRLY_GOOD' } },
        tok('s001-0002'),
      ),
    );
    expect(rated.recordDutyReport.ratingLabel).toBe('较好');
    expect(
      await codeOf(
        stack.graphql(
          REPORT,
          { i: { campaignId: N, personCode: teacher, reportSummary: 'x', rating: 'GOOD' } },
          tok(teacher),
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await fieldErrors(
        stack.graphql(
          REPORT,
          { i: { campaignId: N, personCode: teacher, reportSummary: 'x', votes: { good: -1 } } },
          tok('s001-0001'),
        ),
      ),
    ).toEqual([
      { field: 'votes.good', reason: 'must be a whole number from 0 to 100000', message: '须为 0 到 100000 的整数' },
    ]);
  });

  const RECORDS = `query($u: ID!) { executionRecords(campaignId: "${N}", unitId: $u) { ownOnly commitments { personCode } activities { kind } dutyReports { personCode } } }`;
  type Records = {
    executionRecords: {
      ownOnly: boolean;
      commitments: { personCode: string }[];
      activities: { kind: string }[];
      dutyReports: { personCode: string }[];
    };
  };

  it('R15 R16 the unit’s leaders, its discipline team and the office read every record; a teacher reads their own; another unit’s principal nothing', async () => {
    for (const reader of ['s001-0001', 'discipline-1', 'office-admin']) {
      const all = (await ok(stack.graphql<Records>(RECORDS, { u: 's001' }, tok(reader)))).executionRecords;
      expect(all.ownOnly).toBe(false);
      expect(all.commitments.map((c) => c.personCode).sort()).toEqual([teacher, otherTeacher].sort());
      expect(all.activities).toHaveLength(8);
      expect(all.dutyReports).toHaveLength(2);
    }
    const own = (await ok(stack.graphql<Records>(RECORDS, { u: 's001' }, tok(teacher)))).executionRecords;
    expect(own).toEqual({
      ownOnly: true,
      commitments: [{ personCode: teacher }],
      activities: [],
      dutyReports: [{ personCode: teacher }],
    });
    expect(await codeOf(stack.graphql(RECORDS, { u: 's001' }, tok('s002-0001')))).toBe('FORBIDDEN');
  });

  const EXPORT = `mutation($i: StartExportInput!) { startExport(input: $i) { id status } }`;
  const JOB = `query($id: ID!) { exportJob(id: $id) { status error downloadUrl } }`;
  /** Runs a year-end export as `code` and reads every sheet of the downloaded workbook. */
  const yearEnd = async (code: string, unitId: string | null): Promise<Record<string, unknown[][]>> => {
    const { startExport } = await ok(
      stack.graphql<{ startExport: { id: string } }>(
        EXPORT,
        { i: { kind: 'YEAR_END_ASSESSMENT', campaignId: N, unitId } },
        tok(code),
      ),
    );
    type Job = { status: string; error: string | null; downloadUrl: string | null };
    const job = await until(
      `year-end export ${startExport.id} to finish`,
      async () => {
        const { exportJob } = await ok(stack.graphql<{ exportJob: Job }>(JOB, { id: startExport.id }, tok(code)));
        return exportJob.status !== 'RUNNING' && exportJob;
      },
      30_000,
    );
    expect(job).toMatchObject({ status: 'DONE', error: null });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await (await fetch(job.downloadUrl!)).arrayBuffer()) as ArrayBuffer);
    const sheets: Record<string, unknown[][]> = {};
    for (const ws of wb.worksheets) {
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      sheets[ws.name] = rows;
    }
    return sheets;
  };

  it('R21 the year-end assessment exports as XLSX with Chinese headers: per person, per department and per unit', async () => {
    const ds = stack.db.dataSource;
    // Read models the disposal and evaluation workflows write (proved in their own tests): one open case, one score.
    await ds.query(
      `INSERT INTO disposal_case (id, campaign_id, unit_id, person_id, problem, source, status, measure, state, revision, opened_by)
       SELECT gen_random_uuid(), $1, 's001', id, '违规征订教辅', 'INSPECTION', 'OPEN', 'RECTIFICATION_ORDER', '{}', 1, 'office-admin' FROM person WHERE code = $2`,
      [N, otherTeacher],
    );
    await ds.query(
      `INSERT INTO unit_evaluation (campaign_id, unit_id, state, score, rule_version, revision) VALUES ($1, 's001', '{}', 86.5, 1, 1)`,
      [N],
    );

    expect(
      await codeOf(
        stack.graphql(EXPORT, { i: { kind: 'YEAR_END_ASSESSMENT', campaignId: N, unitId: 's001' } }, tok(teacher)),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        stack.graphql(EXPORT, { i: { kind: 'YEAR_END_ASSESSMENT', campaignId: N, unitId: null } }, tok('s001-0001')),
      ),
    ).toBe('FORBIDDEN');

    const sheets = await yearEnd('s001-0001', 's001');
    expect(Object.keys(sheets)).toEqual(['个人年度考核', '科室年度考核', '单位廉政考核']);
    expect(sheets['个人年度考核']![0]).toEqual(YEAR_END_PERSON_COLUMNS.map((c) => c.header));
    expect(sheets['科室年度考核']![0]).toEqual(YEAR_END_DEPARTMENT_COLUMNS.map((c) => c.header));
    expect(sheets['单位廉政考核']![0]).toEqual(YEAR_END_UNIT_COLUMNS.map((c) => c.header));
    const person = (code: string) => sheets['个人年度考核']!.find((r) => r[2] === code)!;
    expect(person(teacher).slice(7)).toEqual([1, '家长会', '已述职', '30/6/3/1', undefined, '90%', 0, '无']);
    expect(person(otherTeacher).slice(7)).toEqual([
      1,
      '校务公开栏',
      '已述职',
      undefined,
      '较好',
      undefined,
      1,
      '整改中（责令整改）',
    ]);
    const [{ staff }] = (await ds.query(
      `SELECT count(*)::int AS staff FROM person WHERE unit_id = 's001' AND post_id IS NOT NULL`,
    )) as [{ staff: number }];
    expect(sheets['个人年度考核']).toHaveLength(staff + 1);
    const departments = sheets['科室年度考核']!.slice(1);
    expect(departments.reduce((n, r) => n + (r[2] as number), 0)).toBe(staff);
    expect(departments.reduce((n, r) => n + (r[3] as number), 0)).toBe(2);
    const [{ points }] = (await ds.query(
      `SELECT count(*)::int AS points FROM risk_point p JOIN risk_form f ON f.id = p.form_id WHERE f.campaign_id = $1 AND f.unit_id = 's001'`,
      [N],
    )) as [{ points: number }];
    expect(sheets['单位廉政考核']!.slice(1)).toEqual([
      ['s001', expect.any(String), '第1版', points, 1, `${Math.round((1000 * 1) / points) / 10}%`, 7, 1, 1, 1, 86.5],
    ]);

    const district = await yearEnd('office-admin', null);
    expect(district['单位廉政考核']!.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['bureau', '未建档'],
      ['s001', '第1版'],
      ['s002', '未建档'],
    ]);
  });

  const START = `mutation($c: ID!) { startRiskForm(campaignId: $c) { prefilledFrom postDuties workflowDescription controlMeasures riskPoints { description category causes likelihood harm findingMethod direction controlMeasures responsiblePostCode } } }`;
  type Started = {
    startRiskForm: {
      prefilledFrom: string | null;
      postDuties: string;
      controlMeasures: string;
      riskPoints: {
        description: string;
        causes: string[];
        findingMethod: string;
        direction: string;
        responsiblePostCode: string | null;
      }[];
    };
  };

  it('R20 R21 the next year’s campaign prefills each person’s form from the post’s latest archive; a unit never archived gets the library', async () => {
    await TestDistrict.create(stack.db.dataSource, String(Number(N) + 1), { units: 3, people: 60, seed: 31 });
    const next = String(Number(N) + 1);
    const [archived] = (await stack.db.dataSource.query(
      `SELECT f FROM risk_archive a, jsonb_array_elements(a.content->'forms') f WHERE a.unit_id = 's001' AND f->>'name' = (SELECT name FROM person WHERE code = $1)`,
      [teacher],
    )) as {
      f: {
        postDuties: string;
        controlMeasures: string;
        riskPoints: {
          description: string;
          category: string;
          controlMeasures: string;
          causes: string[];
          findingMethod: string;
          direction: string;
        }[];
      };
    }[];
    const form = (await ok(stack.graphql<Started>(START, { c: next }, tok(teacher)))).startRiskForm;
    expect(form.prefilledFrom).toBe('archive:s001:v1');
    expect(form.postDuties).toBe(archived!.f.postDuties);
    expect(form.controlMeasures).toBe(archived!.f.controlMeasures);
    expect(form.riskPoints.map((p) => p.description)).toEqual(archived!.f.riskPoints.map((p) => p.description));
    const first = archived!.f.riskPoints[0]!;
    // The archive keeps each point's causes, finding method and direction: the form starts from them as confirmed.
    expect(first.findingMethod).toBe('SELF');
    expect(form.riskPoints[0]).toMatchObject({
      causes: first.causes,
      findingMethod: first.findingMethod,
      direction: first.direction,
      controlMeasures: first.controlMeasures,
    });

    const fresh = (await ok(stack.graphql<Started>(START, { c: next }, tok('s002-0011')))).startRiskForm;
    expect(fresh.prefilledFrom).toBeNull();
  });
});
