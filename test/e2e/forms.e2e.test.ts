import { Role } from '@pirm/domain';
import { DepartmentEntity, PersonEntity, generateDistrictRows, toCsv } from '@pirm/persistence';
import { campaignIdFor, untilCampaignRecorded } from '../support/campaign';
import { TestStack } from '../support/gateway';

const FORM_FIELDS = `id campaignId formType title status name position departmentName postDuties workflowDescription personInCharge
  fields version postGrade gradeScore gradeExplanation rulesVersion submissionProblems { field reason }
  riskPoints { ordinal description category causes likelihood harm computedLevel level levelLabel findingMethod direction backwardSource controlMeasures responsiblePostCode majorMatter templateId }`;
const START = `mutation($c: ID!) { startRiskForm(campaignId: $c) { ${FORM_FIELDS} } }`;
const SAVE = `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { ${FORM_FIELDS} } }`;
const LAUNCH = `mutation($y: Int!) { launchCampaign(input: { year: $y }) { id } }`;
const MINE = `query($c: ID!) { myRiskForm(campaignId: $c) { ${FORM_FIELDS} } }`;
const GET = `query($id: ID!) { riskForm(id: $id) { id name } }`;

interface Form {
  id: string;
  formType: string;
  version: number;
  postGrade: string | null;
  gradeExplanation: string | null;
  submissionProblems: { field: string; reason: string }[];
  riskPoints: {
    level: string;
    computedLevel: string;
    majorMatter: string | null;
    templateId: string | null;
    responsiblePostCode: string | null;
  }[];
  [k: string]: unknown;
}

const point = (over: Record<string, unknown> = {}) => ({
  description: '在评优评先中收受家长礼品',
  category: 'IDEOLOGICAL_MORAL',
  causes: ['IDEOLOGICAL_MORAL', 'POST_DUTY'],
  likelihood: 3,
  harm: 2,
  findingMethod: 'SELF',
  direction: 'FORWARD',
  controlMeasures: '向家长公开承诺不收礼，评优结果公示',
  ...over,
});

describe('R01 R02 R07–R12 the district, sign-in and the three risk forms over GraphQL', () => {
  const stack = new TestStack();
  const campaignId = campaignIdFor();
  let root: string;
  const tok = (code: string) => stack.token(code);

  beforeAll(async () => {
    await stack.start();
    root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 4, people: 120, seed: 11 }));
    const imported = await stack.graphql<{ importRoster: { people: { created: number } } }>(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { people { created } units { created } } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      root,
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data?.importRoster.people.created).toBe(120);
    const launched = await stack.graphql(LAUNCH, { y: Number(campaignId) }, root);
    expect(launched.errors).toBeUndefined();
    // The read model is written by the workflow's first activity.
    await untilCampaignRecorded(stack.db.dataSource, campaignId);
  });
  afterAll(() => stack.stop());

  it('R01 the roster import is office-only over GraphQL', async () => {
    const res = await stack.graphql(
      `mutation { importRoster(input: { format: CSV, contentBase64: "" }) { roleChanges } }`,
      {},
      tok('s001-0020'),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await stack.graphql(
      `mutation { importRoster(input: { format: CSV, contentBase64: "***" }) { roleChanges } }`,
      {},
      root,
    );
    expect(bad.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      userMessage: '填写有误：文件内容未能正确上传，请重新选择文件',
      fieldErrors: [
        { field: 'contentBase64', reason: 'must be base64', message: '文件内容未能正确上传，请重新选择文件' },
      ],
    });
  });

  it('signs a person in with the roles the roster gives them', async () => {
    const me = await stack.graphql<{ me: unknown }>(
      `{ me { code unitId roles { role label unitId } } }`,
      {},
      tok('s001-0001'),
    );
    expect(me.data?.me).toEqual({
      code: 's001-0001',
      unitId: 's001',
      roles: [
        { role: 'UNIT_LEADING_GROUP', label: '单位领导小组', unitId: 's001' },
        { role: 'UNIT_PRINCIPAL', label: '单位主要负责人', unitId: 's001' },
      ],
    });
  });

  let teacherForm: Form;

  it('R09 R10 starts a staff form of the type the post decides, prefilled with the post type’s common risks', async () => {
    const res = await stack.graphql<{ startRiskForm: Form }>(START, { c: campaignId }, tok('s001-0020'));
    expect(res.errors).toBeUndefined();
    teacherForm = res.data!.startRiskForm;
    expect(teacherForm).toMatchObject({
      formType: 'GENERAL_STAFF',
      title: '局机关一般工作人员及教职工廉政风险识别和防控表',
      status: 'DRAFT',
      version: 1,
    });
    expect(teacherForm.fields).toEqual(['position', 'postDuties', 'workflowDescription', 'controlMeasures']);
    expect(teacherForm.riskPoints.length).toBeGreaterThanOrEqual(2);
    expect(teacherForm.riskPoints.every((p) => p.templateId !== null)).toBe(true);
    expect(teacherForm.gradeExplanation).toMatch(/→ [ABC]$/);
    const again = await stack.graphql<{ startRiskForm: Form }>(START, { c: campaignId }, tok('s001-0020'));
    expect(again.data?.startRiskForm.id).toBe(teacherForm.id);
  });

  it('R07 R08 R11 rejects an invalid draft naming each field, and changes nothing', async () => {
    const res = await stack.graphql(
      SAVE,
      {
        i: {
          campaignId,
          expectedVersion: teacherForm.version,
          personInCharge: '张三',
          riskPoints: [
            point({ likelihood: 5 }),
            point({ direction: 'BACKWARD', causes: ['POST_DUTY'] }),
            point({ majorMatter: 'LARGE_FUNDS' }),
          ],
        },
      },
      tok('s001-0020'),
    );
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      userMessage:
        '填写有误：不是局机关一般工作人员及教职工廉政风险识别和防控表的栏目；须为 1 到 3 的整数；成因须包含风险本身的类别（思想道德）；必填；“三重一大”仅适用于领导班子成员的表',
      fieldErrors: [
        {
          field: 'personInCharge',
          reason: 'is not a field of the 局机关一般工作人员及教职工廉政风险识别和防控表',
          message: '不是局机关一般工作人员及教职工廉政风险识别和防控表的栏目',
        },
        {
          field: 'riskPoints[0].likelihood',
          reason: 'must be a whole number from 1 to 3',
          message: '须为 1 到 3 的整数',
        },
        {
          field: 'riskPoints[1].causes',
          reason: "must include the risk's own category IDEOLOGICAL_MORAL",
          message: '成因须包含风险本身的类别（思想道德）',
        },
        { field: 'riskPoints[1].backwardSource', reason: 'is required', message: '必填' },
        {
          field: 'riskPoints[2].majorMatter',
          reason: '三重一大 applies to LEADERSHIP forms only',
          message: '“三重一大”仅适用于领导班子成员的表',
        },
      ],
    });
    const mine = await stack.graphql<{ myRiskForm: Form }>(MINE, { c: campaignId }, tok('s001-0020'));
    expect(mine.data?.myRiskForm).toEqual(teacherForm);
  });

  it('R12 saves a valid draft and grades it by the campaign’s rules, with the explanation', async () => {
    const res = await stack.graphql<{ saveRiskFormDraft: Form }>(
      SAVE,
      {
        i: {
          campaignId,
          expectedVersion: teacherForm.version,
          position: '班主任',
          controlMeasures: '严格遵守师德规范，公开承诺，接受学生和家长监督',
          riskPoints: [
            point(),
            point({
              description: '违规征订教辅资料',
              category: 'POST_DUTY',
              causes: ['POST_DUTY'],
              likelihood: 2,
              harm: 2,
              direction: 'BACKWARD',
              backwardSource: 'COMPLAINTS',
              findingMethod: 'PUBLIC',
            }),
          ],
        },
      },
      tok('s001-0020'),
    );
    expect(res.errors).toBeUndefined();
    const saved = res.data!.saveRiskFormDraft;
    expect(saved.version).toBe(teacherForm.version + 1);
    expect(saved.riskPoints.map((p) => [p.computedLevel, p.level])).toEqual([
      ['LEVEL_1', 'LEVEL_1'],
      ['LEVEL_2', 'LEVEL_2'],
    ]);
    const ownPost: { code: string }[] = await stack.db.dataSource.query(
      `SELECT po.code FROM person p JOIN post po ON po.id = p.post_id WHERE p.code = 's001-0020'`,
    );
    expect(saved.riskPoints[0]!.responsiblePostCode).toBe(ownPost[0]!.code); // R14: defaults to the person's own post
    expect(saved).toMatchObject({
      position: '班主任',
      postGrade: 'B',
      gradeScore: 49.5,
      gradeExplanation: '1×30×1.25 + 1×12 = 49.5 ≥ 24 → B',
    });
    expect(saved.submissionProblems).toEqual([]);
    teacherForm = saved;
  });

  it('refuses a save from a stale version (compare-and-set) and keeps the newer data', async () => {
    const res = await stack.graphql(
      SAVE,
      { i: { campaignId, expectedVersion: 1, position: '教师' } },
      tok('s001-0020'),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const mine = await stack.graphql<{ myRiskForm: Form }>(MINE, { c: campaignId }, tok('s001-0020'));
    expect(mine.data?.myRiskForm.position).toBe('班主任');
  });

  it('R09 a leadership form must cover 三重一大', async () => {
    const started = await stack.graphql<{ startRiskForm: Form }>(START, { c: campaignId }, tok('s001-0001'));
    const form = started.data!.startRiskForm;
    expect(form.formType).toBe('LEADERSHIP');
    expect(new Set(form.riskPoints.map((p) => p.majorMatter).filter(Boolean))).toEqual(
      new Set(['MAJOR_DECISIONS', 'IMPORTANT_APPOINTMENTS', 'MAJOR_PROJECTS', 'LARGE_FUNDS']),
    );
    const saved = await stack.graphql<{ saveRiskFormDraft: Form }>(
      SAVE,
      { i: { campaignId, expectedVersion: form.version, riskPoints: [point({ majorMatter: 'LARGE_FUNDS' })] } },
      tok('s001-0001'),
    );
    expect(saved.data?.saveRiskFormDraft.submissionProblems).toContainEqual({
      field: 'riskPoints',
      reason: 'must cover 三重一大: 重大事项决策, 重要人事任免, 重大项目安排',
    });
  });

  it('shows a form to its owner and its review chain, and to nobody else', async () => {
    const ds = stack.db.dataSource;
    const teacher = await ds.getRepository(PersonEntity).findOneByOrFail({ code: 's001-0020' });
    const ownHead = await ds.getRepository(DepartmentEntity).findOneByOrFail({ id: teacher.departmentId! });
    const headCode = (await ds.getRepository(PersonEntity).findOneByOrFail({ id: ownHead.headPersonId! })).code;
    const otherDept = (await ds.getRepository(DepartmentEntity).find({ where: { unitId: 's001' } })).find(
      (d) => d.id !== ownHead.id && d.headPersonId,
    )!;
    const otherHeadCode = (await ds.getRepository(PersonEntity).findOneByOrFail({ id: otherDept.headPersonId! })).code;
    const read = async (code: string) =>
      (await stack.graphql(GET, { id: teacherForm.id }, tok(code))).errors?.[0]?.extensions?.code ?? 'OK';

    expect(await read('s001-0020')).toBe('OK'); // the owner
    expect(await read(headCode)).toBe('OK'); // 科室(年级组)负责人 of the teacher's group
    expect(await read('s001-0001')).toBe('OK'); // the unit's leading group / principal
    expect(await read('office-admin')).toBe('OK'); // the district office
    expect(await read('discipline-1')).toBe('OK'); // the discipline team covering the district
    expect(await read(otherHeadCode)).toBe('FORBIDDEN'); // head of another group
    expect(await read('s001-0021')).toBe('FORBIDDEN'); // a colleague
    expect(await read('s002-0001')).toBe('FORBIDDEN'); // another unit's principal
    expect(await read('bureau-hr-chief')).toBe('FORBIDDEN'); // a department head of the bureau
    const none = await stack.graphql(GET, { id: teacherForm.id });
    expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('R09 R22 lists a campaign’s forms to the office and a unit’s leaders, filtered and paged, and to nobody else', async () => {
    for (const code of ['s001-0020', 's001-0021', 's002-0020', 's002-0021'])
      expect((await stack.graphql(START, { c: campaignId }, tok(code))).errors).toBeUndefined();
    const LIST = `query($c: ID!, $u: ID, $s: RiskFormStatus, $q: String, $first: Int!, $after: String) {
      riskForms(campaignId: $c, unitId: $u, status: $s, search: $q, first: $first, after: $after) {
        edges { node { id unitId unitName name status formType } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    interface Listed {
      riskForms: {
        edges: { node: { id: string; unitId: string; name: string; status: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    }
    const list = async (code: string, vars: Record<string, unknown> = {}) => {
      const res = await stack.graphql<Listed>(LIST, { c: campaignId, first: 50, ...vars }, tok(code));
      return { res, nodes: res.data?.riskForms.edges.map((e) => e.node) ?? [] };
    };
    const all = await stack.db.dataSource.query(
      `SELECT f.id, f.unit_id AS "unitId", p.name FROM risk_form f JOIN person p ON p.id = f.person_id
        WHERE f.campaign_id = $1 ORDER BY f.unit_id, p.name, f.id`,
      [campaignId],
    );
    expect(all.length).toBeGreaterThanOrEqual(4);

    // The office: every unit, in unit and name order; one page at a time gives the same list.
    expect((await list('office-admin')).nodes.map((n) => n.id)).toEqual(all.map((f: { id: string }) => f.id));
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { res, nodes } = await list('office-admin', { first: 1, after });
      paged.push(...nodes.map((n) => n.id));
      if (!res.data?.riskForms.pageInfo.hasNextPage) break;
      after = res.data.riskForms.pageInfo.endCursor;
    }
    expect(paged).toEqual(all.map((f: { id: string }) => f.id));

    // Filters: a unit, a name, a status.
    expect(new Set((await list('discipline-1', { u: 's002' })).nodes.map((n) => n.unitId))).toEqual(new Set(['s002']));
    const one = all.find((f: { unitId: string }) => f.unitId === 's002') as { id: string; name: string };
    expect((await list('office-admin', { q: one.name })).nodes.map((n) => n.id)).toContain(one.id);
    expect((await list('office-admin', { q: one.name })).nodes.every((n) => n.name.includes(one.name))).toBe(true);
    expect((await list('office-admin', { s: 'APPROVED' })).nodes).toEqual([]);

    // s001's principal: s001's forms only, and s002's refused by name.
    const principal = await list('s001-0001');
    expect(principal.nodes.length).toBeGreaterThan(0);
    expect(new Set(principal.nodes.map((n) => n.unitId))).toEqual(new Set(['s001']));
    expect((await list('s001-0001', { u: 's002' })).res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A teacher lists nothing, not even their own unit's.
    expect((await list('s001-0020', { u: 's001' })).res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A cursor from elsewhere is a field error.
    const bad = await list('office-admin', { after: 'bm90LWEtY3Vyc29y' });
    expect(bad.res.errors?.[0]?.extensions?.fieldErrors).toEqual([expect.objectContaining({ field: 'after' })]);
  });

  it('R10 lists the common-risk library of a post type', async () => {
    const res = await stack.graphql<{ riskLibrary: { postType: string; description: string }[] }>(
      `{ riskLibrary(postType: "财务") { postType description } }`,
      {},
      tok('s001-0020'),
    );
    const types = new Set(res.data?.riskLibrary.map((t) => t.postType));
    expect(types).toEqual(new Set(['财务', '*']));
  });
});

describe('R12 grading rules are versioned data: a new version never regrades a running campaign', () => {
  const stack = new TestStack();
  const RULES = `version level1MinProduct level2MinProduct weightLevel1 weightLevel2 weightLevel3 extraCauseMultiplier gradeThresholdA gradeThresholdB level1WithoutControlIsA`;
  const v2 = {
    level1MinProduct: 4,
    level2MinProduct: 2,
    weightLevel1: 40,
    weightLevel2: 15,
    weightLevel3: 5,
    extraCauseMultiplier: 0,
    gradeThresholdA: 50,
    gradeThresholdB: 20,
    level1WithoutControlIsA: true,
  };
  let admin: string;

  beforeAll(async () => {
    await stack.start();
    admin = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      {
        i: {
          format: 'CSV',
          contentBase64: Buffer.from(toCsv(generateDistrictRows({ units: 3, people: 60, seed: 3 }))).toString('base64'),
        },
      },
      admin,
    );
  });
  afterAll(() => stack.stop());

  const running = campaignIdFor('the running campaign');
  const next = campaignIdFor('the next campaign');
  const launch = async (id: string) => {
    expect((await stack.graphql(LAUNCH, { y: Number(id) }, admin)).errors).toBeUndefined();
    await untilCampaignRecorded(stack.db.dataSource, id);
  };

  it('starts at the plan’s defaults (version 1)', async () => {
    const res = await stack.graphql<{ gradingRules: Record<string, unknown> }>(
      `{ gradingRules { ${RULES} } }`,
      {},
      admin,
    );
    expect(res.data?.gradingRules).toEqual({
      version: 1,
      level1MinProduct: 6,
      level2MinProduct: 3,
      weightLevel1: 30,
      weightLevel2: 12,
      weightLevel3: 4,
      extraCauseMultiplier: 0.25,
      gradeThresholdA: 60,
      gradeThresholdB: 24,
      level1WithoutControlIsA: true,
    });
  });

  it('rejects invalid rules naming the input field, and non-office publishers', async () => {
    const bad = await stack.graphql(
      `mutation($i: GradingRulesInput!) { publishGradingRules(input: $i) { version } }`,
      { i: { ...v2, gradeThresholdB: 80 } },
      admin,
    );
    expect(bad.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      userMessage: '填写有误：须大于 B 级岗位的最低分',
      fieldErrors: [{ field: 'gradeThresholdA', reason: 'must be greater than B', message: '须大于 B 级岗位的最低分' }],
    });
    const forbidden = await stack.graphql(
      `mutation($i: GradingRulesInput!) { publishGradingRules(input: $i) { version } }`,
      { i: v2 },
      stack.token('s001-0020'),
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps version 1 for the running campaign’s forms and gives version 2 to the next campaign', async () => {
    await launch(running);
    const teacher = stack.token('s001-0020');
    const started = await stack.graphql<{ startRiskForm: Form }>(START, { c: running }, teacher);
    const before = started.data!.startRiskForm;
    expect(before.rulesVersion).toBe(1);

    const published = await stack.graphql<{ publishGradingRules: { version: number } }>(
      `mutation($i: GradingRulesInput!) { publishGradingRules(input: $i) { version } }`,
      { i: v2 },
      admin,
    );
    expect(published.data?.publishGradingRules.version).toBe(2);

    const after = await stack.graphql<{ myRiskForm: Form }>(MINE, { c: running }, teacher);
    expect(after.data?.myRiskForm).toEqual(before);
    const resaved = await stack.graphql<{ saveRiskFormDraft: Form }>(
      SAVE,
      { i: { campaignId: running, expectedVersion: before.version, position: '教师' } },
      teacher,
    );
    expect(resaved.data?.saveRiskFormDraft).toMatchObject({
      rulesVersion: 1,
      postGrade: before.postGrade,
      gradeExplanation: before.gradeExplanation,
    });

    await launch(next);
    const later = await stack.graphql<{ startRiskForm: Form }>(START, { c: next }, teacher);
    expect(later.data?.startRiskForm.rulesVersion).toBe(2);
    expect(later.data?.startRiskForm.gradeExplanation).not.toEqual(before.gradeExplanation);
  });

  it('previews how many of a campaign’s posts new rules would regrade, for the office only (issue 15)', async () => {
    const PREVIEW = `query($i: GradingRulesInput!, $c: ID) { gradingRulesPreview(input: $i, campaignId: $c) {
      campaignId currentVersion posts changed transitions { from to count } } }`;
    const graded: { grade: string }[] = await stack.db.dataSource.query(
      `SELECT post_grade AS grade FROM risk_form WHERE campaign_id = $1 AND post_grade IS NOT NULL`,
      [running],
    );
    expect(graded.length).toBeGreaterThan(0);
    const plan = {
      ...v2,
      level1MinProduct: 6,
      level2MinProduct: 3,
      weightLevel1: 30,
      weightLevel2: 12,
      weightLevel3: 4,
      extraCauseMultiplier: 0.25,
      gradeThresholdA: 60,
      gradeThresholdB: 24,
    };
    type Preview = { gradingRulesPreview: { posts: number; changed: number; transitions: unknown[] } };
    // The running campaign's own rules (version 1) change nothing.
    const same = await stack.graphql<Preview>(PREVIEW, { i: plan, c: running }, admin);
    expect(same.data?.gradingRulesPreview).toEqual({
      campaignId: running,
      currentVersion: 1,
      posts: graded.length,
      changed: 0,
      transitions: [],
    });
    // Any score makes A: every post not yet A would change, and nothing is stored.
    const everyA = await stack.graphql<Preview>(
      PREVIEW,
      { i: { ...plan, gradeThresholdA: 0.002, gradeThresholdB: 0.001 }, c: running },
      admin,
    );
    const notA = graded.filter((g) => g.grade !== 'A');
    expect(everyA.data?.gradingRulesPreview.changed).toBe(notA.length);
    expect(everyA.data?.gradingRulesPreview.posts).toBe(graded.length);
    const latest = await stack.graphql<{ gradingRules: { version: number } }>(
      `{ gradingRules { version } }`,
      {},
      admin,
    );
    expect(latest.data?.gradingRules.version).toBe(2);

    const bad = await stack.graphql(PREVIEW, { i: { ...plan, weightLevel1: -1 }, c: running }, admin);
    expect(bad.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      userMessage: '填写有误：须为不小于 0 的数',
      fieldErrors: [{ field: 'weightLevel1', reason: 'must be a number ≥ 0', message: '须为不小于 0 的数' }],
    });
    const missing = await stack.graphql(PREVIEW, { i: plan, c: '1999' }, admin);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const forbidden = await stack.graphql(PREVIEW, { i: plan, c: running }, stack.token('s001-0020'));
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
