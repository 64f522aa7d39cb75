import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { graphql } from '../../gql';
import type { Phase } from '../../gql/graphql';
import { FORM_TYPE_LABELS, PHASE_LABELS, ROLE_LABELS } from '../../lib/labels';
import { ErrorNotice, fieldErrorsOf } from '../common';
import { withCampaign, yearRanges } from './campaign';
import { HolidayEditor } from './holidays';
import { useRosterUnits } from '../units';

const LaunchData = graphql(`
  query LaunchData($year: Int!) {
    launchDefaults(year: $year) {
      year
      calendar {
        phase
        startsOn
        endsOn
      }
      ladder {
        reminderBefore
        escalateAfter
        redoAfter
      }
      noticeWorkingDays
      rulesVersion
    }
    reviewChains {
      formType
      steps
      stepDeadlineWorkingDays
    }
    holidayYears {
      year
      version
    }
  }
`);

const Launch = graphql(`
  mutation LaunchCampaign($input: LaunchCampaignInput!) {
    launchCampaign(input: $input) {
      id
      year
      missingHolidayYears
    }
  }
`);

interface PhaseValues {
  window: [Dayjs, Dayjs];
  reminderBefore: number;
  escalateAfter: number;
  redoAfter: number;
}

interface LaunchValues {
  phases: PhaseValues[];
  noticeWorkingDays: number;
  units: string[];
}

const DATE = 'YYYY-MM-DD';

/** The office launches the year's campaign: the plan's calendar prefilled, every setting editable. */
export default function LaunchPage() {
  const [year, setYear] = useState<number>(new Date().getFullYear() + 1);
  const [typed, setTyped] = useState<number | null>(year);
  const [{ data, error }, refetch] = useQuery({ query: LaunchData, variables: { year } });
  const [launch, doLaunch] = useMutation(Launch);
  const { units } = useRosterUnits();
  const [form] = Form.useForm<LaunchValues>();
  const { modal, message } = AntApp.useApp();
  const navigate = useNavigate();
  // While another year's defaults load, the last year's stay in `data`: the form waits for the year asked for.
  const d = data?.launchDefaults.year === year ? data.launchDefaults : undefined;

  // The plan prefills the form once per year: a refetch of the same year's defaults must not wipe what was typed.
  const prefilled = useRef<number | null>(null);
  useEffect(() => {
    if (!d || prefilled.current === d.year) return;
    prefilled.current = d.year;
    form.setFieldsValue({
      phases: d.calendar.map((w) => ({
        window: [dayjs(w.startsOn), dayjs(w.endsOn)],
        ...d.ladder,
      })),
      noticeWorkingDays: d.noticeWorkingDays,
    });
  }, [d, form]);

  const phases = Form.useWatch('phases', form);
  const known = new Set((data?.holidayYears ?? []).map((h) => h.year));
  const spanned = new Set<number>();
  for (const p of phases ?? [])
    if (p?.window?.[0] && p.window[1]) for (let y = p.window[0].year(); y <= p.window[1].year(); y++) spanned.add(y);
  const missing = [...spanned].filter((y) => !known.has(y)).sort((a, b) => a - b);
  const serverErrors = fieldErrorsOf(launch.error);

  async function submit(v: LaunchValues) {
    // The phases are the defaults' order (the form edits their dates and ladders, not which phase is which).
    const phaseOf = (i: number): Phase => d!.calendar[i]!.phase;
    const ok = await modal.confirm({
      title: `确认启动 ${year} 年度活动`,
      content: `${v.units?.length ? `${v.units.length} 个单位` : '名册中全部单位'}，${v.phases
        .map((p, i) => `${PHASE_LABELS[phaseOf(i)]} ${p.window[0].format(DATE)} 至 ${p.window[1].format(DATE)}`)
        .join('；')}。`,
      okText: '启动',
      cancelText: '取消',
    });
    if (!ok) return;
    const r = await doLaunch({
      input: {
        year,
        calendar: v.phases.map((p, i) => ({
          phase: phaseOf(i),
          startsOn: p.window[0].format(DATE),
          endsOn: p.window[1].format(DATE),
        })),
        ladders: v.phases.map((p, i) => ({
          phase: phaseOf(i),
          reminderBefore: p.reminderBefore,
          escalateAfter: p.escalateAfter,
          redoAfter: p.redoAfter,
        })),
        noticeWorkingDays: v.noticeWorkingDays,
        units: v.units?.length ? v.units : null,
      },
    });
    if (!r.data) return;
    void message.success(`${year} 年度活动已启动`);
    void navigate(withCampaign('/office', r.data.launchCampaign.id));
  }

  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        启动活动
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="launch-year">活动年度</label>
        <InputNumber
          id="launch-year"
          min={2000}
          max={2100}
          precision={0}
          value={typed}
          onChange={setTyped}
          // The year is taken once typed in full, not at each keystroke (2, 20, 203 are no campaign years).
          onBlur={() => typed && setYear(typed)}
          onPressEnter={() => typed && setYear(typed)}
        />
      </Space>
      <ErrorNotice error={error} />
      {!d && !error && <Spin />}
      {d && data && (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={16}>
            <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
              <Card size="small" title="各阶段日期与预警规则（工作日）">
                <Typography.Paragraph type="secondary">
                  已按实施方案的日程预填。提醒在截止前若干工作日发出；逾期后若干工作日升级至区领导小组，再过若干工作日责令重新查找。
                </Typography.Paragraph>
                <Form.List name="phases">
                  {(fields) =>
                    fields.map((f) => {
                      const phase = d.calendar[f.name]!.phase;
                      const label = PHASE_LABELS[phase];
                      return (
                        <fieldset key={f.key} style={{ border: '1px solid #f0f0f0', padding: 8, marginBottom: 8 }}>
                          <legend style={{ fontSize: 14, width: 'auto', margin: 0, padding: '0 4px' }}>{label}</legend>
                          <Row gutter={8}>
                            <Col xs={24} md={12}>
                              <Form.Item
                                name={[f.name, 'window']}
                                label="起止日期"
                                rules={[{ required: true, message: '请选择日期' }]}
                                validateStatus={
                                  serverErrors.some((e) => e.field.startsWith(`calendar[${f.name}]`))
                                    ? 'error'
                                    : undefined
                                }
                                help={
                                  serverErrors
                                    .filter((e) => e.field.startsWith(`calendar[${f.name}]`))
                                    .map((e) => e.message)
                                    .join('；') || undefined
                                }
                              >
                                <DatePicker.RangePicker
                                  style={{ width: '100%' }}
                                  aria-label={`${label}起止日期`}
                                  id={`phase-${phase}`}
                                />
                              </Form.Item>
                            </Col>
                            {(
                              [
                                ['reminderBefore', '提醒（截止前）'],
                                ['escalateAfter', '升级（截止后）'],
                                ['redoAfter', '重新查找（截止后）'],
                              ] as const
                            ).map(([name, text]) => (
                              <Col xs={8} md={4} key={name}>
                                <Form.Item
                                  name={[f.name, name]}
                                  label={text}
                                  rules={[{ required: true, message: '必填' }]}
                                >
                                  <InputNumber
                                    min={0}
                                    max={60}
                                    precision={0}
                                    style={{ width: '100%' }}
                                    aria-label={`${label}${text}`}
                                  />
                                </Form.Item>
                              </Col>
                            ))}
                          </Row>
                        </fieldset>
                      );
                    })
                  }
                </Form.List>
              </Card>
              <Card size="small" title="其他设置" style={{ marginTop: 12 }}>
                <Form.Item
                  name="noticeWorkingDays"
                  label="公示期（工作日）"
                  rules={[{ required: true, message: '请填写公示期' }]}
                >
                  <InputNumber min={1} max={60} precision={0} />
                </Form.Item>
                <Form.Item name="units" label="参加单位（不选则为名册中全部单位）">
                  <Select
                    mode="multiple"
                    allowClear
                    showSearch={{ optionFilterProp: 'label' }}
                    loading={!units}
                    options={(units ?? []).map((u) => ({ value: u.id, label: u.name }))}
                  />
                </Form.Item>
                <Typography.Paragraph>
                  评级规则：第 {d.rulesVersion} 版（启动时固定，之后发布的新版本不影响本次活动）
                </Typography.Paragraph>
                <Typography.Paragraph style={{ marginBottom: 4 }}>
                  审核链（已提交的表保持提交时的审核链）：
                </Typography.Paragraph>
                <List
                  size="small"
                  dataSource={data.reviewChains}
                  renderItem={(c) => (
                    <List.Item>
                      {FORM_TYPE_LABELS[c.formType]}：{c.steps.map((s) => ROLE_LABELS[s] ?? s).join(' → ')}（每级{' '}
                      {c.stepDeadlineWorkingDays} 个工作日）
                    </List.Item>
                  )}
                />
              </Card>
              <ErrorNotice error={launch.error} />
              {/* No submit button: Enter in a date or number field must not launch a district's campaign (and
                  antd's pickers take Enter to commit a typed day). Launching is this click, then a confirmation. */}
              <Button
                type="primary"
                htmlType="button"
                onClick={() => form.submit()}
                loading={launch.fetching}
                style={{ marginTop: 12 }}
              >
                启动 {year} 年度活动
              </Button>
            </Form>
          </Col>
          <Col xs={24} lg={8}>
            {missing.length > 0 ? (
              <Alert
                type="warning"
                showIcon
                title={`${yearRanges(missing)} 年没有节假日数据`}
                description="该年度的工作日将按周一至周五计算，截止提醒可能落在假日。请在右侧（或下方）录入国务院公布的节假日安排。"
              />
            ) : (
              <Alert type="info" showIcon title="日程所涉年份均有节假日数据" />
            )}
            <HolidayEditor year={missing[0] ?? year} onPublished={() => refetch({ requestPolicy: 'network-only' })} />
            <Typography.Paragraph style={{ marginTop: 12 }}>
              <Link to="/office/configuration?tab=holidays">查看各年度节假日</Link>
            </Typography.Paragraph>
            <Typography.Paragraph>
              <Link to="/office">返回总览</Link>
            </Typography.Paragraph>
          </Col>
        </Row>
      )}
    </>
  );
}
