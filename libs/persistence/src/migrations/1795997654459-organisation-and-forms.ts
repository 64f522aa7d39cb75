import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganisationAndForms1795997654459 implements MigrationInterface {
  name = 'OrganisationAndForms1795997654459';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "department" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" text NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "head_person_id" uuid, CONSTRAINT "PK_9a2213262c1593bffb581e382f5" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE UNIQUE INDEX "uq_department_unit_code" ON "department"  ("unit_id", "code") ');
    await q.query(
      'CREATE TABLE "grading_rule_set" ("version" integer NOT NULL, "rules" jsonb NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_86571de46f0a3538461da2815fe" PRIMARY KEY ("version"))',
    );
    await q.query(
      'CREATE TABLE "leading_group_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" text, "person_id" uuid NOT NULL, "role" text NOT NULL, "title" text NOT NULL DEFAULT \'\', CONSTRAINT "PK_b1bf7570b28cae761850b052ec9" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_leading_group_member_scope" ON "leading_group_member"  ("unit_id") ');
    await q.query(
      'CREATE TABLE "post" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" text NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "post_type" text NOT NULL, "form_type" text NOT NULL, "duties" text NOT NULL, "powers" text array NOT NULL, "process_steps" jsonb NOT NULL, "department_id" uuid, CONSTRAINT "PK_be5fda3aac270b134ff9c21cdee" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE UNIQUE INDEX "uq_post_unit_code" ON "post"  ("unit_id", "code") ');
    await q.query(
      'CREATE TABLE "risk_form" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" text NOT NULL, "person_id" uuid NOT NULL, "unit_id" text NOT NULL, "department_id" uuid, "post_id" uuid NOT NULL, "form_type" text NOT NULL, "status" text NOT NULL, "name" text NOT NULL, "position" text NOT NULL, "department_name" text NOT NULL, "post_duties" text NOT NULL, "workflow_description" text NOT NULL, "person_in_charge" text NOT NULL, "control_measures" text NOT NULL, "post_grade" text, "grade_score" double precision, "grade_explanation" text, "rules_version" integer NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_df61ca49535756f92a88347f8e8" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_risk_form_unit" ON "risk_form"  ("campaign_id", "unit_id", "status") ');
    await q.query('CREATE UNIQUE INDEX "uq_risk_form_campaign_person" ON "risk_form"  ("campaign_id", "person_id") ');
    await q.query(
      'CREATE TABLE "risk_point" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "form_id" uuid NOT NULL, "ordinal" integer NOT NULL, "description" text NOT NULL, "category" text NOT NULL, "causes" text array NOT NULL, "likelihood" smallint NOT NULL, "harm" smallint NOT NULL, "computed_level" text NOT NULL, "level" text NOT NULL, "proposed_level" text, "proposed_level_reason" text, "finding_method" text NOT NULL, "direction" text NOT NULL, "backward_source" text, "control_measures" text NOT NULL, "responsible_post_id" uuid, "template_id" uuid, "major_matter" text, CONSTRAINT "PK_e8f78f7f9d1ecd534b3dd391c6c" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE UNIQUE INDEX "uq_risk_point_form_ordinal" ON "risk_point"  ("form_id", "ordinal") ');
    await q.query(
      'CREATE TABLE "risk_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "post_type" text NOT NULL, "form_type" text, "description" text NOT NULL, "category" text NOT NULL, "causes" text array NOT NULL, "likelihood" smallint NOT NULL, "harm" smallint NOT NULL, "control_measures" text NOT NULL, "major_matter" text, "sort_order" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_1f957eac05a94a9eb4b042924c0" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_risk_template_post_type" ON "risk_template"  ("post_type") ');
    await q.query(
      'CREATE TABLE "unit" ("id" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4252c4be609041e559f0c80f58a" PRIMARY KEY ("id"))',
    );
    // Campaigns launched before grading rules existed are graded with version 1.
    await q.query('ALTER TABLE "campaign" ADD "rules_version" integer NOT NULL DEFAULT 1');
    await q.query('ALTER TABLE "campaign" ALTER COLUMN "rules_version" DROP DEFAULT');
    await q.query('ALTER TABLE "role_assignment" ADD "department_id" uuid');
    await q.query('ALTER TABLE "person" ADD "position" text NOT NULL DEFAULT \'\'');
    await q.query('ALTER TABLE "person" ADD "department_id" uuid');
    await q.query('ALTER TABLE "person" ADD "post_id" uuid');
    await q.query('ALTER TABLE "person" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()');
    await q.query('CREATE INDEX "ix_role_assignment_scope" ON "role_assignment"  ("role", "unit_id") ');
    await q.query('CREATE INDEX "ix_person_unit" ON "person"  ("unit_id") ');
    await q.query(
      'ALTER TABLE "department" ADD CONSTRAINT "fk_department_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "department" ADD CONSTRAINT "fk_department_head" FOREIGN KEY ("head_person_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "leading_group_member" ADD CONSTRAINT "fk_leading_group_member_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "leading_group_member" ADD CONSTRAINT "fk_leading_group_member_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "role_assignment" ADD CONSTRAINT "fk_role_assignment_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "role_assignment" ADD CONSTRAINT "fk_role_assignment_department" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "person" ADD CONSTRAINT "fk_person_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "person" ADD CONSTRAINT "fk_person_department" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "person" ADD CONSTRAINT "fk_person_post" FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "post" ADD CONSTRAINT "fk_post_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "post" ADD CONSTRAINT "fk_post_department" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "risk_form" ADD CONSTRAINT "fk_risk_form_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "risk_form" ADD CONSTRAINT "fk_risk_form_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "risk_form" ADD CONSTRAINT "fk_risk_form_post" FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "risk_point" ADD CONSTRAINT "fk_risk_point_form" FOREIGN KEY ("form_id") REFERENCES "risk_form"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "risk_point" ADD CONSTRAINT "fk_risk_point_responsible_post" FOREIGN KEY ("responsible_post_id") REFERENCES "post"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "risk_point" ADD CONSTRAINT "fk_risk_point_template" FOREIGN KEY ("template_id") REFERENCES "risk_template"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );

    // Seed data: grading rules version 1 (R12) and the common-risk library of post types (R10).
    await q.query(`INSERT INTO grading_rule_set (version, rules, created_by) VALUES (1, $1::jsonb, 'system')`, [
      '{"version": 1, "level": {"level1MinProduct": 6, "level2MinProduct": 3}, "weights": {"LEVEL_1": 30, "LEVEL_2": 12, "LEVEL_3": 4}, "extraCauseMultiplier": 0.25, "gradeThresholds": {"A": 60, "B": 24}, "level1WithoutControlIsA": true}',
    ]);
    const templates = [
      {
        post_type: '*',
        form_type: null,
        description: '理想信念动摇，廉洁自律意识淡化，放松对自身的要求',
        category: 'IDEOLOGICAL_MORAL',
        causes: ['IDEOLOGICAL_MORAL'],
        likelihood: 1,
        harm: 2,
        control_measures: '坚持参加廉政教育和理论学习，定期对照检查，自觉接受组织和群众监督',
        major_matter: null,
        sort_order: 1,
      },
      {
        post_type: '*',
        form_type: 'LEADERSHIP',
        description: '重大事项未经集体研究，个人或少数人决定',
        category: 'INSTITUTIONAL',
        causes: ['INSTITUTIONAL', 'POST_DUTY'],
        likelihood: 2,
        harm: 3,
        control_measures: '严格执行“三重一大”集体决策制度，会前征求意见，会议记录完整存档',
        major_matter: 'MAJOR_DECISIONS',
        sort_order: 2,
      },
      {
        post_type: '*',
        form_type: 'LEADERSHIP',
        description: '干部选拔任用中考察不严、搞“小圈子”或打招呼',
        category: 'POST_DUTY',
        causes: ['POST_DUTY', 'IDEOLOGICAL_MORAL'],
        likelihood: 2,
        harm: 3,
        control_measures: '严格执行干部任用程序，任前公示，全程纪实，接受监督',
        major_matter: 'IMPORTANT_APPOINTMENTS',
        sort_order: 3,
      },
      {
        post_type: '*',
        form_type: 'LEADERSHIP',
        description: '工程项目、物资采购中干预招投标或指定供应商',
        category: 'BUSINESS_PROCESS',
        causes: ['BUSINESS_PROCESS', 'INSTITUTIONAL'],
        likelihood: 2,
        harm: 3,
        control_measures: '项目一律按规定公开招标，领导干部不参与具体招标评审，全程留痕',
        major_matter: 'MAJOR_PROJECTS',
        sort_order: 4,
      },
      {
        post_type: '*',
        form_type: 'LEADERSHIP',
        description: '大额资金使用未经集体研究或审批把关不严',
        category: 'INSTITUTIONAL',
        causes: ['INSTITUTIONAL'],
        likelihood: 2,
        harm: 3,
        control_measures: '大额资金支出经班子集体研究，实行会签制度，定期公开财务收支',
        major_matter: 'LARGE_FUNDS',
        sort_order: 5,
      },
      {
        post_type: '中层干部',
        form_type: null,
        description: '在评优评先、职称推荐中优亲厚友，标准执行不一',
        category: 'POST_DUTY',
        causes: ['POST_DUTY'],
        likelihood: 2,
        harm: 2,
        control_measures: '评优推荐标准和结果全程公开，集体研究，公示接受监督',
        major_matter: null,
        sort_order: 6,
      },
      {
        post_type: '中层干部',
        form_type: null,
        description: '物品采购、验收环节把关不严，存在吃回扣风险',
        category: 'BUSINESS_PROCESS',
        causes: ['BUSINESS_PROCESS', 'INSTITUTIONAL'],
        likelihood: 2,
        harm: 3,
        control_measures: '采购与验收分离，两人以上共同验收并签字，建立台账',
        major_matter: null,
        sort_order: 7,
      },
      {
        post_type: '财务',
        form_type: null,
        description: '报销票据审核不严，虚开、重复报销',
        category: 'BUSINESS_PROCESS',
        causes: ['BUSINESS_PROCESS'],
        likelihood: 2,
        harm: 3,
        control_measures: '严格执行财务审核制度，票据三审，定期接受内部审计',
        major_matter: null,
        sort_order: 8,
      },
      {
        post_type: '财务',
        form_type: null,
        description: '现金和账户管理不规范，公款私存或挪用',
        category: 'INSTITUTIONAL',
        causes: ['INSTITUTIONAL', 'POST_DUTY'],
        likelihood: 1,
        harm: 3,
        control_measures: '钱账分管，定期对账，银行账户按规定开设和公开',
        major_matter: null,
        sort_order: 9,
      },
      {
        post_type: '班主任',
        form_type: null,
        description: '在评优评先、座位安排、班干部任用中收受家长礼品礼金',
        category: 'IDEOLOGICAL_MORAL',
        causes: ['IDEOLOGICAL_MORAL', 'POST_DUTY'],
        likelihood: 2,
        harm: 2,
        control_measures: '向全体家长公开承诺不收礼，评优过程公开透明，接受家长监督',
        major_matter: null,
        sort_order: 10,
      },
      {
        post_type: '班主任',
        form_type: null,
        description: '违规征订教辅资料或组织有偿活动',
        category: 'POST_DUTY',
        causes: ['POST_DUTY'],
        likelihood: 1,
        harm: 2,
        control_measures: '严格执行教辅征订规定，征订自愿并公示，不组织任何有偿活动',
        major_matter: null,
        sort_order: 11,
      },
      {
        post_type: '教师',
        form_type: null,
        description: '有偿家教或在校外培训机构兼职',
        category: 'IDEOLOGICAL_MORAL',
        causes: ['IDEOLOGICAL_MORAL'],
        likelihood: 2,
        harm: 2,
        control_measures: '签订拒绝有偿家教承诺书，公开举报电话，接受学生家长监督',
        major_matter: null,
        sort_order: 12,
      },
      {
        post_type: '教师',
        form_type: null,
        description: '考试评价、作业批改中不公平对待学生',
        category: 'POST_DUTY',
        causes: ['POST_DUTY'],
        likelihood: 1,
        harm: 1,
        control_measures: '严格执行评价标准，成绩复核，及时处理学生家长反映',
        major_matter: null,
        sort_order: 13,
      },
      {
        post_type: '校长',
        form_type: null,
        description: '学校收费项目和标准不公开，存在乱收费',
        category: 'INSTITUTIONAL',
        causes: ['INSTITUTIONAL', 'BUSINESS_PROCESS'],
        likelihood: 1,
        harm: 3,
        control_measures: '收费项目、标准、依据全部校务公开，接受物价和家长监督',
        major_matter: null,
        sort_order: 14,
      },
      {
        post_type: '局领导',
        form_type: null,
        description: '在学校布局调整、教师调配中受人情干扰',
        category: 'POST_DUTY',
        causes: ['POST_DUTY', 'IDEOLOGICAL_MORAL'],
        likelihood: 2,
        harm: 3,
        control_measures: '调配方案集体研究，标准和结果公开，建立说情登记制度',
        major_matter: null,
        sort_order: 15,
      },
      {
        post_type: '机关工作人员',
        form_type: null,
        description: '行政审批事项办理拖延或吃拿卡要',
        category: 'BUSINESS_PROCESS',
        causes: ['BUSINESS_PROCESS'],
        likelihood: 1,
        harm: 2,
        control_measures: '公开办事流程和时限，实行首问负责和限时办结制',
        major_matter: null,
        sort_order: 16,
      },
    ];
    await q.query(
      `INSERT INTO risk_template (post_type, form_type, description, category, causes, likelihood, harm, control_measures, major_matter, sort_order)
       SELECT t.post_type, t.form_type, t.description, t.category, ARRAY(SELECT jsonb_array_elements_text(t.causes)), t.likelihood, t.harm, t.control_measures, t.major_matter, t.sort_order
       FROM jsonb_to_recordset($1::jsonb) AS t(post_type text, form_type text, description text, category text, causes jsonb, likelihood smallint, harm smallint, control_measures text, major_matter text, sort_order integer)`,
      [JSON.stringify(templates)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "risk_point" DROP CONSTRAINT "fk_risk_point_template"');
    await q.query('ALTER TABLE "risk_point" DROP CONSTRAINT "fk_risk_point_responsible_post"');
    await q.query('ALTER TABLE "risk_point" DROP CONSTRAINT "fk_risk_point_form"');
    await q.query('ALTER TABLE "risk_form" DROP CONSTRAINT "fk_risk_form_post"');
    await q.query('ALTER TABLE "risk_form" DROP CONSTRAINT "fk_risk_form_person"');
    await q.query('ALTER TABLE "risk_form" DROP CONSTRAINT "fk_risk_form_campaign"');
    await q.query('ALTER TABLE "post" DROP CONSTRAINT "fk_post_department"');
    await q.query('ALTER TABLE "post" DROP CONSTRAINT "fk_post_unit"');
    await q.query('ALTER TABLE "person" DROP CONSTRAINT "fk_person_post"');
    await q.query('ALTER TABLE "person" DROP CONSTRAINT "fk_person_department"');
    await q.query('ALTER TABLE "person" DROP CONSTRAINT "fk_person_unit"');
    await q.query('ALTER TABLE "role_assignment" DROP CONSTRAINT "fk_role_assignment_department"');
    await q.query('ALTER TABLE "role_assignment" DROP CONSTRAINT "fk_role_assignment_unit"');
    await q.query('ALTER TABLE "leading_group_member" DROP CONSTRAINT "fk_leading_group_member_person"');
    await q.query('ALTER TABLE "leading_group_member" DROP CONSTRAINT "fk_leading_group_member_unit"');
    await q.query('ALTER TABLE "department" DROP CONSTRAINT "fk_department_head"');
    await q.query('ALTER TABLE "department" DROP CONSTRAINT "fk_department_unit"');
    await q.query('DROP INDEX "public"."ix_person_unit"');
    await q.query('DROP INDEX "public"."ix_role_assignment_scope"');
    await q.query('ALTER TABLE "person" DROP COLUMN "updated_at"');
    await q.query('ALTER TABLE "person" DROP COLUMN "post_id"');
    await q.query('ALTER TABLE "person" DROP COLUMN "department_id"');
    await q.query('ALTER TABLE "person" DROP COLUMN "position"');
    await q.query('ALTER TABLE "role_assignment" DROP COLUMN "department_id"');
    await q.query('ALTER TABLE "campaign" DROP COLUMN "rules_version"');
    await q.query('DROP TABLE "unit"');
    await q.query('DROP INDEX "public"."ix_risk_template_post_type"');
    await q.query('DROP TABLE "risk_template"');
    await q.query('DROP INDEX "public"."uq_risk_point_form_ordinal"');
    await q.query('DROP TABLE "risk_point"');
    await q.query('DROP INDEX "public"."uq_risk_form_campaign_person"');
    await q.query('DROP INDEX "public"."ix_risk_form_unit"');
    await q.query('DROP TABLE "risk_form"');
    await q.query('DROP INDEX "public"."uq_post_unit_code"');
    await q.query('DROP TABLE "post"');
    await q.query('DROP INDEX "public"."ix_leading_group_member_scope"');
    await q.query('DROP TABLE "leading_group_member"');
    await q.query('DROP TABLE "grading_rule_set"');
    await q.query('DROP INDEX "public"."uq_department_unit_code"');
    await q.query('DROP TABLE "department"');
  }
}
