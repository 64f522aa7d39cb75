import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { FormType, PostRiskGrade, RiskFormStatus, RiskFormSummariesQuery } from '../../gql/graphql';
import { FORM_STATUS_LABELS, FORM_TYPE_LABELS, POST_GRADE_LABELS, options } from '../../lib/labels';
import { ErrorNotice, FORM_STATUS_COLOURS, POST_GRADE_COLOURS, emptyLocale, useCursorPages } from '../common';
import { PrintButton } from '../export-job';
import { useRosterUnits } from '../units';
import { CampaignPicker, Scroll, useCampaignId } from './campaign';

const FormsQuery = graphql(`
  query RiskFormSummaries(
    $campaignId: ID!
    $unitId: ID
    $status: RiskFormStatus
    $formType: FormType
    $postGrade: PostRiskGrade
    $search: String
    $after: String
  ) {
    riskForms(
      campaignId: $campaignId
      unitId: $unitId
      status: $status
      formType: $formType
      postGrade: $postGrade
      search: $search
      after: $after
      first: 50
    ) {
      edges {
        node {
          id
          unitId
          unitName
          name
          departmentName
          position
          formType
          status
          postGrade
          updatedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type Row = RiskFormSummariesQuery['riskForms']['edges'][number]['node'];

/** The filters live in the address, so a chart's click-through, a bookmark and the back button keep them. */
type Filter = 'unit' | 'status' | 'formType' | 'grade' | 'q';

/**
 * 风险防控表: a campaign's forms for the office, the discipline team and a unit's leaders (the gateway lists the
 * units each may read), filtered by unit, status, form type, grade and name, each printable as the PDF.
 */
export default function Forms() {
  const { campaignId } = useCampaignId();
  const [params, setParams] = useSearchParams();
  const { units } = useRosterUnits();
  const { after, reset, pager } = useCursorPages();
  const get = (k: Filter) => params.get(k) || null;
  const set = (k: Filter, v: string | null | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
    reset();
  };
  const [{ data, error, fetching }] = useQuery({
    query: FormsQuery,
    variables: {
      campaignId: campaignId ?? '',
      unitId: get('unit'),
      status: get('status') as RiskFormStatus | null,
      formType: get('formType') as FormType | null,
      postGrade: get('grade') as PostRiskGrade | null,
      search: get('q'),
      after,
    },
    pause: !campaignId,
  });
  const page = data?.riskForms;
  const select = (k: Filter, label: string, opts: { value: string; label: string }[]) => (
    <Space key={k}>
      <label htmlFor={`forms-${k}`}>{label}</label>
      <Select
        id={`forms-${k}`}
        style={{ minWidth: 140 }}
        allowClear
        placeholder="全部"
        value={get(k) ?? undefined}
        onChange={(v: string | undefined) => set(k, v)}
        showSearch={{ optionFilterProp: 'label' }}
        loading={k === 'unit' && !units}
        options={opts}
      />
    </Space>
  );
  const columns = [
    { title: '姓名', dataIndex: 'name' },
    { title: '单位', dataIndex: 'unitName' },
    { title: '科室（年级组）', dataIndex: 'departmentName' },
    { title: '职务', dataIndex: 'position' },
    { title: '表单类型', dataIndex: 'formType', render: (t: string) => FORM_TYPE_LABELS[t] },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: string) => <Tag color={FORM_STATUS_COLOURS[s]}>{FORM_STATUS_LABELS[s]}</Tag>,
    },
    {
      title: '岗位等级',
      dataIndex: 'postGrade',
      render: (g: string | null) => (g ? <Tag color={POST_GRADE_COLOURS[g]}>{POST_GRADE_LABELS[g]}</Tag> : '未评定'),
    },
    { title: '更新时间', dataIndex: 'updatedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
    {
      title: '打印',
      key: 'print',
      render: (_: unknown, r: Row) => campaignId && <PrintButton campaignId={campaignId} formId={r.id} />,
    },
  ];
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        风险防控表
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <CampaignPicker key={campaignId} campaignId={campaignId} />
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        {select(
          'unit',
          '单位',
          (units ?? []).map((u) => ({ value: u.id, label: u.name })),
        )}
        {select('status', '状态', options(FORM_STATUS_LABELS))}
        {select('formType', '表单类型', options(FORM_TYPE_LABELS))}
        {select('grade', '岗位等级', options(POST_GRADE_LABELS))}
        <Input.Search
          aria-label="按姓名搜索"
          placeholder="按姓名搜索"
          allowClear
          defaultValue={get('q') ?? ''}
          style={{ width: 200 }}
          onSearch={(v) => set('q', v.trim())}
        />
      </Space>
      <ErrorNotice error={error} />
      <Scroll label="风险防控表列表">
        <Table<Row>
          size="small"
          rowKey="id"
          aria-label="风险防控表列表"
          loading={fetching}
          dataSource={page?.edges.map((e) => e.node) ?? []}
          columns={columns}
          pagination={false}
          // A phone scrolls the table sideways rather than breaking every name into one character a line.
          scroll={{ x: 'max-content' }}
          locale={emptyLocale(campaignId ? '没有符合条件的表' : '请选择活动年度')}
        />
      </Scroll>
      {pager(page?.pageInfo)}
    </>
  );
}
