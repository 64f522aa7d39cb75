import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useClient, useQuery, type CombinedError, type OperationResult } from 'urql';
import { Alert, Card, Col, Empty, List, Row, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { graphql } from '../../gql';
import type { OfficeOverviewQuery, OfficeOverviewUnitsQuery } from '../../gql/graphql';
import {
  CAMPAIGN_STATUS_LABELS,
  CATEGORY_LABELS,
  FORM_STATUS_LABELS,
  LEVEL_LABELS,
  PHASE_LABELS,
  PHASE_STATUS_LABELS,
  POST_GRADE_LABELS,
  ROLE_LABELS,
  RUNG_LABELS,
} from '../../lib/labels';
import { ErrorNotice } from '../common';
import { CampaignPicker, Scroll, none, useCampaignId, useLiveRefresh, withCampaign, yearRanges } from './campaign';
import { Chart, type ChartOption } from './Chart';

const OverviewQuery = graphql(`
  query OfficeOverview($campaignId: ID!) {
    campaign(id: $campaignId) {
      id
      year
      status
      currentPhase
      unitCount
      runningUnits
      paused
      missingHolidayYears
    }
    campaignPhaseSummary(campaignId: $campaignId) {
      phase
      notStarted
      inProgress
      overdue
      complete
      closed
    }
    campaignDashboard(campaignId: $campaignId) {
      formsByStatus {
        unitId
        status
        count
      }
      riskDistribution {
        unitId
        category
        level
        count
      }
      gradeDistribution {
        grade
        count
      }
      reviewerTurnaround {
        role
        step
        open
        done
        medianHours
        p90Hours
      }
      escalationsByDay {
        day
        rung
        unitId
        count
      }
    }
  }
`);

const UnitsPage = graphql(`
  query OfficeOverviewUnits($campaignId: ID!, $after: String) {
    campaignUnits(campaignId: $campaignId, first: 200, after: $after) {
      nodes {
        unitId
        unitName
        phases {
          phase
          status
          rung
          deadline
        }
      }
      hasNextPage
      endCursor
    }
  }
`);

type UnitNode = OfficeOverviewUnitsQuery['campaignUnits']['nodes'][number];

/**
 * Every unit's phases, read page by page (the gateway serves 200 a page) and again at each refresh: the overdue
 * count and list must cover a district of any size.
 */
function useCampaignUnits(campaignId: string | null): { units?: UnitNode[]; error?: CombinedError } {
  const client = useClient();
  const [units, setUnits] = useState<{ campaignId: string; nodes?: UnitNode[]; error?: CombinedError }>();
  const load = useCallback(async () => {
    if (!campaignId) return;
    const nodes: UnitNode[] = [];
    let after: string | null = null;
    do {
      const r: OperationResult<OfficeOverviewUnitsQuery> = await client
        .query(UnitsPage, { campaignId, after }, { requestPolicy: 'network-only' })
        .toPromise();
      if (!r.data) return setUnits({ campaignId, error: r.error });
      nodes.push(...r.data.campaignUnits.nodes);
      after = r.data.campaignUnits.hasNextPage ? (r.data.campaignUnits.endCursor ?? null) : null;
    } while (after);
    setUnits({ campaignId, nodes });
  }, [client, campaignId]);
  const refresh = useCallback(() => void load(), [load]);
  useEffect(refresh, [refresh]);
  useLiveRefresh(campaignId, refresh);
  return units?.campaignId === campaignId ? { units: units.nodes, error: units.error } : {};
}

// Colours from antd's palette, dark enough to tell apart on white.
const STATUS_COLOURS = ['#8c8c8c', '#0958d9', '#cf1322', '#237804', '#595959'];
const LEVEL_COLOURS = ['#a8071a', '#d46b08', '#0958d9'];

/** What a click on a chart picked: the units behind a bar or a point, listed below the charts. */
interface Selection {
  title: string;
  units: { unitId: string; count: number }[];
}

export default function Overview() {
  const { campaignId, loading } = useCampaignId();
  const navigate = useNavigate();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: OverviewQuery,
    variables: { campaignId: campaignId ?? '' },
    pause: !campaignId,
  });
  useLiveRefresh(campaignId, refetch);
  const [selection, setSelection] = useState<Selection | null>(null);

  const { units, error: unitsError } = useCampaignUnits(campaignId);
  const names = useMemo(() => new Map((units ?? []).map((u) => [u.unitId, u.unitName])), [units]);
  const nameOf = (id: string) => names.get(id) ?? id;
  const charts = useMemo(
    () => (data && units ? chartsOf(data, units, (id) => names.get(id) ?? id) : null),
    [data, units, names],
  );

  const header = (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        活动总览
      </Typography.Title>
      <CampaignPicker key={campaignId} campaignId={campaignId} />
    </>
  );
  if (loading || (fetching && !data) || (data && !units && !unitsError)) return <Spin tip="加载中…">{header}</Spin>;
  if (!campaignId)
    return (
      <>
        {header}
        <Empty description="尚未启动活动">
          <Link to="/office/launch">启动活动</Link>
        </Empty>
      </>
    );
  if (!data || !charts)
    return (
      <>
        {header}
        <ErrorNotice error={error ?? unitsError} />
      </>
    );

  const { campaign, dashboard, totals } = {
    campaign: data.campaign,
    dashboard: data.campaignDashboard,
    totals: charts.totals,
  };
  const toUnits = (extra: Record<string, string>) => void navigate(withCampaign('/office/units', campaignId, extra));
  const toForms = (extra: Record<string, string>) => void navigate(withCampaign('/forms', campaignId, extra));

  return (
    <>
      {header}
      <Typography.Paragraph style={{ marginTop: 12 }}>
        {campaign.year} 年度活动 · <Tag>{CAMPAIGN_STATUS_LABELS[campaign.status]}</Tag>
        {campaign.currentPhase && `当前阶段：${PHASE_LABELS[campaign.currentPhase]}`}
        {campaign.paused && <Tag color="#ad4e00">已暂停</Tag>}
      </Typography.Paragraph>
      {campaign.missingHolidayYears.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${yearRanges(campaign.missingHolidayYears)} 年没有节假日数据，工作日暂按周一至周五计算`}
        />
      )}
      <Row gutter={[12, 12]}>
        {[
          ['参与单位', campaign.unitCount],
          ['未完成单位', campaign.runningUnits],
          ['逾期单位', totals.overdueUnits],
          ['已提交表', totals.submitted],
          ['已通过表', totals.approved],
          ['待审环节', totals.openSteps],
          ['已审环节', totals.doneSteps],
        ].map(([title, value]) => (
          <Col key={title} xs={12} sm={8} md={6} lg={3}>
            <Card size="small">
              <Statistic title={title} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title="各阶段单位进度">
            <Chart
              label={charts.phaseLabel}
              option={charts.phase}
              onClick={(c) =>
                toUnits({ phase: charts.phaseKeys[c.dataIndex]!, status: charts.statusKeys[c.seriesIndex ?? 0]! })
              }
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="各单位表单状态">
            <Chart
              label={charts.formsLabel}
              option={charts.forms}
              onClick={(c) =>
                toForms({
                  unit: charts.formUnits[c.dataIndex]!,
                  status: Object.keys(FORM_STATUS_LABELS)[c.seriesIndex ?? 0]!,
                })
              }
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="风险点：类型与级别">
            <Chart
              label={charts.riskLabel}
              option={charts.risk}
              onClick={(c) => {
                const category = charts.categories[c.dataIndex]!;
                const level = Object.keys(LEVEL_LABELS)[c.seriesIndex ?? 0]!;
                setSelection({
                  title: `风险点 · ${CATEGORY_LABELS[category]} · ${LEVEL_LABELS[level]}`,
                  units: dashboard.riskDistribution
                    .filter((r) => r.category === category && r.level === level)
                    .map((r) => ({ unitId: r.unitId, count: r.count })),
                });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="岗位风险等级">
            <Chart
              label={charts.gradeLabel}
              option={charts.grade}
              onClick={(c) => {
                const grade = charts.gradeKeys[c.dataIndex]!;
                if (grade !== '-') toForms({ grade });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="预警升级趋势">
            {charts.escalationDays.length ? (
              <Chart
                label={charts.escalationLabel}
                option={charts.escalation}
                onClick={(c) => {
                  const day = charts.escalationDays[c.dataIndex]!;
                  const rung = Object.keys(RUNG_LABELS)[c.seriesIndex ?? 0]!;
                  setSelection({
                    title: `${day} · ${RUNG_LABELS[rung]}`,
                    units: data.campaignDashboard.escalationsByDay
                      .filter((e) => e.rung === rung && e.day === day)
                      .map(({ unitId, count }) => ({ unitId, count })),
                  });
                }}
              />
            ) : (
              <Empty description="暂无预警" />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="审核周转（小时）">
            <Chart label={charts.turnaroundLabel} option={charts.turnaround} />
          </Card>
        </Col>
      </Row>
      {selection && (
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={`${selection.title}：涉及单位`}
          extra={<a onClick={() => setSelection(null)}>关闭</a>}
        >
          <List
            dataSource={selection.units}
            locale={{ emptyText: none('无') }}
            renderItem={(u) => (
              <List.Item>
                <Link to={withCampaign('/office/units', campaignId, { unit: u.unitId })}>{nameOf(u.unitId)}</Link>
                <span>{u.count}</span>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title="逾期单位">
            <List
              dataSource={charts.overdue}
              locale={{ emptyText: none('没有逾期单位') }}
              renderItem={(u) => (
                <List.Item>
                  <Link to={withCampaign('/office/units', campaignId, { unit: u.unitId })}>{u.unitName}</Link>
                  <span>
                    {PHASE_LABELS[u.phase]} · <Tag color="#a8071a">{RUNG_LABELS[u.rung]}</Tag>
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="审核环节">
            <Scroll label={'审核环节'}>
              <Table
                size="small"
                rowKey={(r) => `${r.step}-${r.role}`}
                pagination={false}
                dataSource={dashboard.reviewerTurnaround}
                columns={[
                  { title: '环节', render: (_, r) => `第 ${r.step + 1} 级 · ${ROLE_LABELS[r.role] ?? r.role}` },
                  { title: '待审', dataIndex: 'open' },
                  { title: '已审', dataIndex: 'done' },
                  { title: '中位数（小时）', render: (_, r) => hours(r.medianHours) },
                  { title: '90% 分位（小时）', render: (_, r) => hours(r.p90Hours) },
                ]}
              />
            </Scroll>
          </Card>
        </Col>
      </Row>
    </>
  );
}

const hours = (h: number | null | undefined) => (h === null || h === undefined ? '—' : h.toFixed(1));

/** Every chart's option, its description for screen readers, and the keys a click maps back to. */
function chartsOf(data: OfficeOverviewQuery, units: UnitNode[], nameOf: (unitId: string) => string) {
  const d = data.campaignDashboard;
  const bar = (
    categories: string[],
    series: { name: string; data: number[]; color?: string }[],
    { horizontal = false, stacked = true } = {},
  ): ChartOption => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
    [horizontal ? 'yAxis' : 'xAxis']: { type: 'category', data: categories },
    [horizontal ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      type: 'bar',
      stack: stacked ? 'all' : undefined,
      name: s.name,
      data: s.data,
      itemStyle: { color: s.color },
    })),
  });
  const describe = (title: string, categories: string[], series: { name: string; data: number[] }[]) =>
    `${title}：` +
    categories.map((c, i) => `${c}（${series.map((s) => `${s.name} ${s.data[i] ?? 0}`).join('，')}）`).join('；');

  // Phases: in progress counts the overdue units too; the chart shows them apart.
  const phaseKeys = data.campaignPhaseSummary.map((p) => p.phase);
  const statusKeys = ['NOT_STARTED', 'IN_PROGRESS', 'OVERDUE', 'COMPLETE', 'CLOSED'];
  const phaseCats = phaseKeys.map((p) => PHASE_LABELS[p]!);
  const phaseSeries = [
    { name: PHASE_STATUS_LABELS.NOT_STARTED, data: data.campaignPhaseSummary.map((p) => p.notStarted) },
    { name: PHASE_STATUS_LABELS.IN_PROGRESS, data: data.campaignPhaseSummary.map((p) => p.inProgress - p.overdue) },
    { name: '逾期', data: data.campaignPhaseSummary.map((p) => p.overdue) },
    { name: PHASE_STATUS_LABELS.COMPLETE, data: data.campaignPhaseSummary.map((p) => p.complete) },
    { name: PHASE_STATUS_LABELS.CLOSED, data: data.campaignPhaseSummary.map((p) => p.closed) },
  ].map((s, i) => ({ ...s, color: STATUS_COLOURS[i] }));

  const formUnits = [...new Set(d.formsByStatus.map((f) => f.unitId))];
  const formCats = formUnits.map(nameOf);
  const formSeries = Object.entries(FORM_STATUS_LABELS).map(([status, name], i) => ({
    name,
    color: STATUS_COLOURS[i],
    data: formUnits.map((u) => d.formsByStatus.find((f) => f.unitId === u && f.status === status)?.count ?? 0),
  }));

  const categories = Object.keys(CATEGORY_LABELS);
  const riskCats = categories.map((c) => CATEGORY_LABELS[c]!);
  const riskSeries = Object.entries(LEVEL_LABELS).map(([level, name], i) => ({
    name,
    color: LEVEL_COLOURS[i],
    data: categories.map((c) =>
      d.riskDistribution.filter((r) => r.category === c && r.level === level).reduce((n, r) => n + r.count, 0),
    ),
  }));

  const grades = d.gradeDistribution.map((g) => ({
    name: g.grade === '-' ? '未评定' : POST_GRADE_LABELS[g.grade],
    value: g.count,
  }));

  // Every rung of the campaign, counted by the gateway per day, rung and unit (China Standard Time days).
  const escalationDays = [...new Set(d.escalationsByDay.map((e) => e.day))].sort();
  const escalationSeries = Object.entries(RUNG_LABELS).map(([rung, name]) => ({
    name,
    data: escalationDays.map((day) =>
      d.escalationsByDay.filter((e) => e.rung === rung && e.day === day).reduce((n, e) => n + e.count, 0),
    ),
  }));

  const steps = d.reviewerTurnaround.map((r) => `${r.step + 1}·${ROLE_LABELS[r.role] ?? r.role}`);
  const turnSeries = [
    { name: '中位数', data: d.reviewerTurnaround.map((r) => Number((r.medianHours ?? 0).toFixed(1))) },
    { name: '90% 分位', data: d.reviewerTurnaround.map((r) => Number((r.p90Hours ?? 0).toFixed(1))) },
  ];

  const overdue = units.flatMap((u) =>
    u.phases
      .filter((p) => p.status === 'IN_PROGRESS' && p.rung && p.rung !== 'REMINDER')
      .map((p) => ({ unitId: u.unitId, unitName: u.unitName, phase: p.phase, rung: p.rung! })),
  );
  const count = (status: string) => d.formsByStatus.filter((f) => f.status === status).reduce((n, f) => n + f.count, 0);

  return {
    totals: {
      overdueUnits: new Set(overdue.map((o) => o.unitId)).size,
      submitted: count('SUBMITTED') + count('RETURNED') + count('APPROVED'),
      approved: count('APPROVED'),
      openSteps: d.reviewerTurnaround.reduce((n, r) => n + r.open, 0),
      doneSteps: d.reviewerTurnaround.reduce((n, r) => n + r.done, 0),
    },
    overdue,
    phaseKeys,
    statusKeys,
    phase: bar(phaseCats, phaseSeries, { horizontal: true }),
    phaseLabel: describe('各阶段单位进度', phaseCats, phaseSeries),
    formUnits,
    forms: bar(formCats, formSeries),
    formsLabel: describe('各单位表单状态', formCats, formSeries),
    categories,
    risk: bar(riskCats, riskSeries),
    riskLabel: describe('风险点类型与级别', riskCats, riskSeries),
    grade: {
      tooltip: { trigger: 'item' },
      legend: { top: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], top: 24, data: grades }],
    } satisfies ChartOption,
    gradeKeys: d.gradeDistribution.map((g) => g.grade),
    gradeLabel: `岗位风险等级：${grades.map((g) => `${g.name} ${g.value}`).join('，') || '暂无'}`,
    escalationDays,
    escalation: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: escalationDays },
      yAxis: { type: 'value', minInterval: 1 },
      series: escalationSeries.map((s) => ({ type: 'line', name: s.name, data: s.data })),
    } satisfies ChartOption,
    escalationLabel: describe('预警升级趋势', escalationDays, escalationSeries),
    turnaround: bar(
      steps,
      turnSeries.map((s, i) => ({ ...s, color: ['#0958d9', '#ad4e00'][i] })),
      { stacked: false },
    ),
    turnaroundLabel: describe('审核周转（小时）', steps, turnSeries),
  };
}
