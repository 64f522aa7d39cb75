import { useEffect, useRef, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../gql';
import type { FormPartsFragment, SaveRiskFormDraftInput } from '../gql/graphql';
import {
  blankPoint,
  draftOf,
  errorsByControl,
  movePoint,
  saveInput,
  updatePoint,
  type FormDraft,
  type PointDraft,
} from '../lib/form-state';
import {
  BACKWARD_SOURCE_LABELS,
  CATEGORY_LABELS,
  DIRECTION_LABELS,
  FINDING_METHOD_LABELS,
  FORM_FIELD_LABELS,
  FORM_STATUS_LABELS,
  MAJOR_MATTER_LABELS,
  POST_GRADE_LABELS,
  RISK_POINT_FIELD_LABELS,
  ROLE_LABELS,
  fieldLabel,
  options,
} from '../lib/labels';
import {
  ErrorNotice,
  FORM_STATUS_COLOURS,
  POST_GRADE_COLOURS,
  errorCode,
  fieldErrorsOf,
  useOpenCampaign,
} from './common';
import { ChangesCard } from './changes';
import { PrintButton } from './export-job';

graphql(`
  fragment FormParts on RiskForm {
    id
    campaignId
    version
    status
    formType
    title
    name
    fields
    prefilledFrom
    position
    departmentName
    postDuties
    workflowDescription
    personInCharge
    controlMeasures
    riskPoints {
      ordinal
      description
      category
      causes
      likelihood
      harm
      findingMethod
      direction
      backwardSource
      controlMeasures
      majorMatter
      responsiblePostCode
      templateId
      level
      levelLabel
    }
    submissionProblems {
      field
      reason
      message
    }
    postGrade
    gradeScore
    gradeExplanation
    gradeOverride {
      grade
      reason
      setByName
      computedGrade
    }
  }
`);

const MyRiskForm = graphql(`
  query MyRiskForm($campaignId: ID!) {
    myRiskForm(campaignId: $campaignId) {
      ...FormParts
    }
  }
`);

const StartRiskForm = graphql(`
  mutation StartRiskForm($campaignId: ID!) {
    startRiskForm(campaignId: $campaignId) {
      ...FormParts
    }
  }
`);

const SaveDraft = graphql(`
  mutation SaveRiskFormDraft($input: SaveRiskFormDraftInput!) {
    saveRiskFormDraft(input: $input) {
      id
      version
      submissionProblems {
        field
        reason
        message
      }
    }
  }
`);

const RevisionChanges = graphql(`
  query RevisionChanges($campaignId: ID!) {
    myRiskForm(campaignId: $campaignId) {
      id
      changesSinceSubmission {
        field
        before
        after
      }
    }
  }
`);

const SubmitForm = graphql(`
  mutation SubmitRiskForm($campaignId: ID!, $expectedVersion: Int!) {
    submitRiskForm(campaignId: $campaignId, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);

const ReviewStateQuery = graphql(`
  query ReviewState($formId: ID!) {
    reviewState(formId: $formId) {
      status
      currentStep
      revision
      steps {
        index
        label
        role
        dueAt
      }
      decisions {
        step
        role
        decision
        opinion
        decidedAt
        decidedByName
        revision
      }
    }
  }
`);

/** 我的风险防控表: start, fill, autosave, submit, then follow the review and print. */
export default function MyForm() {
  const { campaign, loading } = useOpenCampaign();
  if (loading) return <Spin />;
  if (!campaign) return <Empty description="目前没有进行中的风险防控工作" />;
  return <MyFormOf campaignId={campaign.id} />;
}

function MyFormOf({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MyRiskForm,
    variables: { campaignId },
    requestPolicy: 'network-only',
  });
  const [started, start] = useMutation(StartRiskForm);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!data) return fetching ? <Spin /> : <ErrorNotice error={error} />;
  const form = data.myRiskForm;
  if (!form)
    return (
      <Result
        title={`${campaignId} 年度岗位廉政风险防控表`}
        subTitle="尚未开始填写。开始后，表格将按岗位从风险库或上一年度风险档案预填。"
        extra={
          <Space orientation="vertical">
            <Button
              type="primary"
              loading={started.fetching}
              onClick={() => void start({ campaignId }).then((r) => r.data && reload())}
            >
              开始填写
            </Button>
            <ErrorNotice error={started.error} />
          </Space>
        }
      />
    );
  const editable = form.status === 'DRAFT' || form.status === 'RETURNED';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {form.title}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
        <Descriptions.Item label="姓名">{form.name}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <Tag color={FORM_STATUS_COLOURS[form.status]}>{FORM_STATUS_LABELS[form.status]}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="预填来源">{prefillSource(form.prefilledFrom)}</Descriptions.Item>
      </Descriptions>
      {form.status !== 'DRAFT' && <ReviewProgress key={`${form.id}:${form.version}`} formId={form.id} />}
      {editable ? (
        <Editor key={`${form.id}:${form.status}`} form={form} onSubmitted={reload} onReload={reload} />
      ) : (
        <FormView form={form} />
      )}
      <GradeCard form={form} />
      <Card title="打印" size="small">
        <PrintButton campaignId={campaignId} formId={form.id} />
      </Card>
    </Space>
  );
}

/** After a return: what the owner has changed so far, as saved (refreshed after each autosave). */
function ChangesSinceReturn({ campaignId, version }: { campaignId: string; version: number }) {
  const [{ data }, refetch] = useQuery({
    query: RevisionChanges,
    variables: { campaignId },
    requestPolicy: 'network-only',
  });
  useEffect(() => refetch({ requestPolicy: 'network-only' }), [version, refetch]);
  const changes = data?.myRiskForm?.changesSinceSubmission ?? [];
  if (changes.length === 0) return <Alert type="info" style={{ marginBottom: 12 }} title="退回后尚未修改。" />;
  return (
    <div style={{ marginBottom: 12 }}>
      <ChangesCard title="退回后已做的修改" changes={changes} />
    </div>
  );
}

function prefillSource(from: string | null | undefined): string {
  if (!from) return '本岗位类别的风险库';
  const m = /^archive:([^:]+):v(\d+)$/.exec(from);
  return m ? `上一年度风险档案（第 ${m[2]} 版）` : from;
}

type SaveState = 'saved' | 'dirty' | 'saving' | 'invalid' | 'conflict' | 'failed';

const SAVE_LABELS: Record<SaveState, string> = {
  saved: '已自动保存',
  dirty: '有未保存的修改…',
  saving: '正在保存…',
  invalid: '有填写错误，未保存',
  conflict: '未保存：表格已在别处修改',
  failed: '保存失败，将在修改后重试',
};

const AUTOSAVE_MS = 800;

function Editor({
  form,
  onSubmitted,
  onReload,
}: {
  form: FormPartsFragment;
  onSubmitted: () => void;
  onReload: () => void;
}) {
  const [draft, setDraft] = useState<FormDraft>(() => draftOf(form));
  const [version, setVersion] = useState(form.version);
  const [problems, setProblems] = useState(form.submissionProblems);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [state, setState] = useState<SaveState>('saved');
  const [, save] = useMutation(SaveDraft);
  const [submitted, submit] = useMutation(SubmitForm);
  const client = useClient();
  const edits = useRef(0);

  /**
   * After a conflict: the form as saved elsewhere replaces this page's unsaved edits. The editor resets itself
   * from the answer it awaited (a remount could render before the page's own query has the new version).
   */
  async function reloadSaved() {
    const r = await client
      .query(MyRiskForm, { campaignId: form.campaignId }, { requestPolicy: 'network-only' })
      .toPromise();
    const saved = r.data?.myRiskForm;
    if (!saved) return setState('failed');
    // Submitted or withdrawn elsewhere: the page shows the form in its new state instead of an editor.
    if (saved.status !== form.status) return onReload();
    edits.current++;
    setDraft(draftOf(saved));
    setVersion(saved.version);
    setProblems(saved.submissionProblems);
    setErrors(new Map());
    setState('saved');
  }

  const change = (next: FormDraft) => {
    edits.current++;
    setDraft(next);
    if (state !== 'conflict') setState('dirty');
  };

  useEffect(() => {
    if (state !== 'dirty') return;
    const timer = setTimeout(() => {
      const sent = draft;
      const at = edits.current;
      setState('saving');
      void save({ input: saveInput(sent, form.campaignId, version) as SaveRiskFormDraftInput }).then((r) => {
        if (r.data) {
          setVersion(r.data.saveRiskFormDraft.version);
          setProblems(r.data.saveRiskFormDraft.submissionProblems);
          setErrors(new Map());
          setState(edits.current === at ? 'saved' : 'dirty');
          return;
        }
        const code = errorCode(r.error);
        if (code === 'CONFLICT') return setState('conflict');
        if (code === 'VALIDATION_FAILED') {
          setErrors(errorsByControl(fieldErrorsOf(r.error), sent.riskPoints));
          return setState(edits.current === at ? 'invalid' : 'dirty');
        }
        setState('failed');
      });
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [draft, state, save, form.campaignId, version]);

  const setPoints = (riskPoints: PointDraft[]) => change({ ...draft, riskPoints });
  const help = (at: string) => (errors.get(at) ? { validateStatus: 'error' as const, help: errors.get(at) } : {});
  const ready = state === 'saved' && problems.length === 0;

  return (
    <Form layout="vertical" component="div">
      {state === 'conflict' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title="此表已在其他窗口或设备上修改并保存，当前页面的修改未保存。"
          description="请重新加载最新内容后再修改。"
          action={
            <Button danger onClick={() => void reloadSaved()}>
              重新加载
            </Button>
          }
        />
      )}
      {form.status === 'RETURNED' && <ChangesSinceReturn campaignId={form.campaignId} version={version} />}
      <Card
        size="small"
        title="基本信息"
        extra={
          <span role="status" aria-live="polite">
            {SAVE_LABELS[state]}
          </span>
        }
      >
        {form.fields.map((name) => {
          const short = name === 'position' || name === 'departmentName' || name === 'personInCharge';
          const props = {
            id: `field-${name}`,
            value: draft.fields[name] ?? '',
            onChange: (e: { target: { value: string } }) =>
              change({ ...draft, fields: { ...draft.fields, [name]: e.target.value } }),
          };
          return (
            <Form.Item key={name} label={FORM_FIELD_LABELS[name] ?? name} htmlFor={props.id} {...help(name)}>
              {short ? <Input {...props} /> : <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} {...props} />}
            </Form.Item>
          );
        })}
      </Card>
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        风险点（{draft.riskPoints.length}）
      </Typography.Title>
      {errors.get('riskPoints') && <Alert type="error" title={errors.get('riskPoints')} />}
      {draft.riskPoints.map((p, i) => (
        <PointEditor
          key={p.key}
          point={p}
          index={i}
          count={draft.riskPoints.length}
          leadership={form.formType === 'LEADERSHIP'}
          help={(field) => help(`${p.key}.${field}`)}
          onChange={(patch) => setPoints(updatePoint(draft.riskPoints, i, patch))}
          onMove={(by) => setPoints(movePoint(draft.riskPoints, i, by))}
          onRemove={() => setPoints(draft.riskPoints.filter((_, j) => j !== i))}
        />
      ))}
      <Button onClick={() => setPoints([...draft.riskPoints, blankPoint()])} style={{ marginBottom: 16 }}>
        添加风险点
      </Button>
      <Card size="small" title="提交前检查">
        {problems.length === 0 ? (
          <Alert type="success" title="表格已填写完整，可以提交。" />
        ) : (
          <List
            size="small"
            dataSource={problems}
            renderItem={(p) => (
              <List.Item>
                <Checkbox checked={false} disabled aria-label={`未完成：${fieldLabel(p.field)}`} />
                &nbsp;{fieldLabel(p.field)}：{p.message}
              </List.Item>
            )}
          />
        )}
        <Space style={{ marginTop: 12 }} wrap>
          <Button
            type="primary"
            disabled={!ready}
            loading={submitted.fetching}
            onClick={() =>
              void submit({ campaignId: form.campaignId, expectedVersion: version }).then(
                (r) => r.data && onSubmitted(),
              )
            }
          >
            {form.status === 'RETURNED' ? '修改后重新提交' : '提交审核'}
          </Button>
        </Space>
        <ErrorNotice error={submitted.error} />
      </Card>
    </Form>
  );
}

function PointEditor(props: {
  point: PointDraft;
  index: number;
  count: number;
  leadership: boolean;
  help: (field: string) => object;
  onChange: (patch: Partial<PointDraft>) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const { point: p, index: i, help, onChange } = props;
  const id = (field: string) => `${p.key}-${field}`;
  const label = (field: string) => RISK_POINT_FIELD_LABELS[field];
  const score = (field: 'likelihood' | 'harm') => (
    <Form.Item label={label(field)} {...help(field)}>
      <Radio.Group
        aria-label={`风险点${i + 1}${label(field)}`}
        value={p[field]}
        onChange={(e) => onChange({ [field]: e.target.value as number })}
        options={[
          { value: 1, label: '1 低' },
          { value: 2, label: '2 中' },
          { value: 3, label: '3 高' },
        ]}
      />
    </Form.Item>
  );
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={`风险点 ${i + 1}`}
      data-testid={`risk-point-${i}`}
      extra={
        <Space size={4} wrap>
          <Button size="small" disabled={i === 0} onClick={() => props.onMove(-1)} aria-label={`上移风险点${i + 1}`}>
            上移
          </Button>
          <Button
            size="small"
            disabled={i === props.count - 1}
            onClick={() => props.onMove(1)}
            aria-label={`下移风险点${i + 1}`}
          >
            下移
          </Button>
          <Button size="small" danger onClick={props.onRemove} aria-label={`删除风险点${i + 1}`}>
            删除
          </Button>
        </Space>
      }
    >
      <Form.Item label={label('description')} htmlFor={id('description')} {...help('description')}>
        <Input.TextArea
          id={id('description')}
          autoSize={{ minRows: 2 }}
          value={p.description}
          onChange={(e) => onChange({ description: e.target.value })}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item label={label('category')} htmlFor={id('category')} {...help('category')}>
            <Select
              id={id('category')}
              value={p.category}
              options={options(CATEGORY_LABELS)}
              onChange={(category) => onChange({ category })}
            />
          </Form.Item>
        </Col>
        <Col xs={24} lg={18}>
          <Form.Item label={label('causes')} {...help('causes')}>
            <Checkbox.Group
              aria-label={`风险点${i + 1}形成原因`}
              value={p.causes}
              options={options(CATEGORY_LABELS)}
              onChange={(causes) => onChange({ causes: causes as string[] })}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          {score('likelihood')}
        </Col>
        <Col xs={24} sm={12} lg={6}>
          {score('harm')}
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item label={label('findingMethod')} htmlFor={id('findingMethod')} {...help('findingMethod')}>
            <Select
              id={id('findingMethod')}
              value={p.findingMethod}
              options={options(FINDING_METHOD_LABELS)}
              onChange={(findingMethod) => onChange({ findingMethod })}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item label={label('direction')} {...help('direction')}>
            <Radio.Group
              aria-label={`风险点${i + 1}分析方法`}
              value={p.direction}
              options={options(DIRECTION_LABELS)}
              onChange={(e) => onChange({ direction: e.target.value as string })}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          {' '}
          {p.direction === 'BACKWARD' && (
            <Form.Item label={label('backwardSource')} htmlFor={id('backwardSource')} {...help('backwardSource')}>
              <Select
                id={id('backwardSource')}
                value={p.backwardSource}
                allowClear
                options={options(BACKWARD_SOURCE_LABELS)}
                onChange={(backwardSource) => onChange({ backwardSource: backwardSource ?? null })}
              />
            </Form.Item>
          )}
        </Col>
      </Row>
      <Form.Item label={label('controlMeasures')} htmlFor={id('controlMeasures')} {...help('controlMeasures')}>
        <Input.TextArea
          id={id('controlMeasures')}
          autoSize={{ minRows: 2 }}
          value={p.controlMeasures}
          onChange={(e) => onChange({ controlMeasures: e.target.value })}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          {' '}
          {props.leadership && (
            <Form.Item label={label('majorMatter')} htmlFor={id('majorMatter')} {...help('majorMatter')}>
              <Select
                id={id('majorMatter')}
                value={p.majorMatter}
                allowClear
                placeholder="不涉及"
                options={options(MAJOR_MATTER_LABELS)}
                onChange={(majorMatter) => onChange({ majorMatter: majorMatter ?? null })}
              />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} sm={12}>
          {' '}
          <Form.Item
            label={label('responsiblePostCode')}
            htmlFor={id('responsiblePostCode')}
            {...help('responsiblePostCode')}
          >
            <Input
              id={id('responsiblePostCode')}
              value={p.responsiblePostCode ?? ''}
              placeholder="可不填：默认为本岗位"
              onChange={(e) => onChange({ responsiblePostCode: e.target.value })}
            />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

/** A submitted form as it stands (read only). */
export function FormView({ form }: { form: FormPartsFragment }) {
  return (
    <Card size="small" title="表格内容">
      <Descriptions size="small" column={1} bordered>
        {form.fields.map((name) => (
          <Descriptions.Item key={name} label={FORM_FIELD_LABELS[name] ?? name}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{String((form as Record<string, unknown>)[name] ?? '')}</span>
          </Descriptions.Item>
        ))}
      </Descriptions>
      {form.riskPoints.map((p) => (
        <Card key={p.ordinal} size="small" type="inner" title={`风险点 ${p.ordinal}`} style={{ marginTop: 12 }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label="描述">{p.description}</Descriptions.Item>
            <Descriptions.Item label="风险类型">{CATEGORY_LABELS[p.category]}</Descriptions.Item>
            <Descriptions.Item label="形成原因">{p.causes.map((c) => CATEGORY_LABELS[c]).join('、')}</Descriptions.Item>
            <Descriptions.Item label="发生几率 × 危害程度">
              {p.likelihood} × {p.harm}
            </Descriptions.Item>
            <Descriptions.Item label="风险级别">{p.levelLabel}</Descriptions.Item>
            <Descriptions.Item label="查找方式">{FINDING_METHOD_LABELS[p.findingMethod]}</Descriptions.Item>
            <Descriptions.Item label="分析方法">{DIRECTION_LABELS[p.direction]}</Descriptions.Item>
            {p.majorMatter && (
              <Descriptions.Item label="三重一大">{MAJOR_MATTER_LABELS[p.majorMatter]}</Descriptions.Item>
            )}
            <Descriptions.Item label="防控措施">{p.controlMeasures}</Descriptions.Item>
          </Descriptions>
        </Card>
      ))}
    </Card>
  );
}

function GradeCard({ form }: { form: FormPartsFragment }) {
  if (!form.postGrade) return null;
  return (
    <Card size="small" title="岗位风险等级">
      <Space orientation="vertical">
        <span>
          <Tag color={POST_GRADE_COLOURS[form.postGrade]}>{POST_GRADE_LABELS[form.postGrade]}</Tag>
          {form.gradeExplanation}
        </span>
        {form.gradeOverride && (
          <Alert
            type="info"
            title={`${form.gradeOverride.setByName} 将等级由 ${form.gradeOverride.computedGrade} 调整为 ${form.gradeOverride.grade}`}
            description={`理由：${form.gradeOverride.reason}`}
          />
        )}
      </Space>
    </Card>
  );
}

const OpenTaskQuery = graphql(`
  query FormOpenTask($formId: ID!) {
    riskForm(id: $formId) {
      id
      openReviewTask {
        id
        nudgeCount
        lastNudgedAt
        nudgeAllowedFrom
      }
    }
  }
`);

const NudgeTask = graphql(`
  mutation NudgeReviewTask($taskId: ID!) {
    nudgeReviewTask(taskId: $taskId) {
      taskId
      nudgeCount
      lastNudgedAt
    }
  }
`);

const at = (d: unknown) => dayjs(d as string).format('YYYY-MM-DD HH:mm');

/**
 * 催办: the owner, the unit's leaders or the office remind the reviewers of the step a form waits at
 * (rate-limited by the server); nothing when no step is open.
 */
export function NudgeReviewers({ formId }: { formId: string }) {
  const [{ data }, refetch] = useQuery({ query: OpenTaskQuery, variables: { formId }, requestPolicy: 'network-only' });
  const [nudged, nudge] = useMutation(NudgeTask);
  const task = data?.riskForm.openReviewTask;
  if (!task) return null;
  async function onNudge() {
    const r = await nudge({ taskId: task!.id });
    // Refused or not, show the count, the latest and when it may be nudged again as the server has them now.
    refetch({ requestPolicy: 'network-only' });
    return r;
  }
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
      <Space wrap>
        <Button onClick={() => void onNudge()} loading={nudged.fetching}>
          催办
        </Button>
        <Typography.Text>
          {task.nudgeCount > 0 ? `催办 ${task.nudgeCount} 次，最近 ${at(task.lastNudgedAt)}` : '尚未催办'}
        </Typography.Text>
      </Space>
      <ErrorNotice
        error={nudged.error}
        explain={{
          RATE_LIMITED: `已于 ${at(task.lastNudgedAt)} 催办过。为免打扰审核人，同一审核环节在规定间隔内只能催办一次，请于 ${at(task.nudgeAllowedFrom)} 之后再催办。`,
        }}
      />
    </Space>
  );
}

/** Where the form is in its review chain, and each level's opinion with who and when. */
function ReviewProgress({ formId }: { formId: string }) {
  const [{ data }] = useQuery({ query: ReviewStateQuery, variables: { formId }, requestPolicy: 'network-only' });
  const state = data?.reviewState;
  if (!state) return null;
  const latest = state.decisions.filter((d) => d.revision === state.revision);
  const returned = [...state.decisions].reverse().find((d) => d.decision === 'RETURN');
  return (
    <Card size="small" title={`审核进度（第 ${state.revision} 轮）`}>
      {state.status === 'RETURNED' && returned && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${ROLE_LABELS[returned.role] ?? returned.role}退回了此表，请修改后重新提交`}
          description={`退回意见：${returned.opinion}`}
        />
      )}
      <Steps
        orientation="vertical"
        size="small"
        current={state.currentStep ?? state.steps.length}
        status={state.status === 'RETURNED' ? 'error' : state.status === 'APPROVED' ? 'finish' : 'process'}
        items={state.steps.map((s) => {
          const d = latest.find((x) => x.step === s.index);
          return {
            title: s.label,
            content: d
              ? [
                  d.decision === 'APPROVE' ? '通过' : '退回',
                  d.decidedByName,
                  dayjs(d.decidedAt).format('YYYY-MM-DD HH:mm'),
                  d.opinion && `意见：${d.opinion}`,
                ]
                  .filter(Boolean)
                  .join(' · ')
              : s.index === state.currentStep
                ? `审核中${s.dueAt ? `，截止 ${dayjs(s.dueAt).format('YYYY-MM-DD')}` : ''}`
                : '待审核',
          };
        })}
      />
      {state.status === 'IN_REVIEW' && <NudgeReviewers formId={formId} />}
      {state.decisions.length > latest.length && (
        <>
          <Typography.Title level={4} style={{ fontSize: 14 }}>
            历次审核意见
          </Typography.Title>
          <Timeline
            items={state.decisions.map((d) => ({
              color: d.decision === 'APPROVE' ? 'green' : 'red',
              content: `第 ${d.revision} 轮 · ${ROLE_LABELS[d.role] ?? d.role}${d.decidedByName ? ` ${d.decidedByName}` : ''} · ${d.decision === 'APPROVE' ? '通过' : '退回'}${d.opinion ? `：${d.opinion}` : ''}（${dayjs(d.decidedAt).format('MM-DD HH:mm')}）`,
            }))}
          />
        </>
      )}
    </Card>
  );
}
