import { useEffect } from 'react';
import { useMutation } from 'urql';
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber } from 'antd';
import { graphql } from '../../gql';
import { ErrorNotice, fieldErrorsOf } from '../common';

const PublishHolidays = graphql(`
  mutation PublishHolidayYear($input: HolidayYearInput!) {
    publishHolidayYear(input: $input) {
      year
      version
    }
  }
`);

/** Dates typed one per line (or separated by spaces or commas). */
const dates = (text: string | undefined) => (text ?? '').split(/[\s,，、]+/).filter(Boolean);

/** A server error's field (`…holidays[1]`, `…year`) in the form's words: 放假日期第 2 个, 年份. */
function where(field: string): string {
  const m = /(holidays|makeUpWorkdays)(?:\[(\d+)\])?$/.exec(field);
  if (!m) return field.endsWith('year') ? '年份' : '节假日';
  const list = m[1] === 'holidays' ? '放假日期' : '调休上班日期';
  return m[2] === undefined ? list : `${list}第 ${Number(m[2]) + 1} 个`;
}

/**
 * A year's days off and 调休 working days, published as its next version: beside the launch, and in the
 * configuration where `current` (the year's days in force) is what the office edits.
 */
export function HolidayEditor({
  title = '节假日录入',
  year,
  current,
  onPublished,
}: {
  title?: string;
  year: number;
  current?: { holidays: readonly string[]; makeUpWorkdays: readonly string[] };
  onPublished: () => void;
}) {
  const [state, publish] = useMutation(PublishHolidays);
  const [form] = Form.useForm<{ year: number; holidays: string; makeUpWorkdays: string }>();
  const { message } = AntApp.useApp();
  // Another year (or another year's days in force) starts the form afresh.
  useEffect(
    () =>
      form.setFieldsValue({
        year,
        holidays: current?.holidays.join('\n') ?? '',
        makeUpWorkdays: current?.makeUpWorkdays.join('\n') ?? '',
      }),
    [form, year, current],
  );
  const problems = fieldErrorsOf(state.error);
  return (
    <Card size="small" title={title} style={{ marginTop: 12 }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year }}
        onFinish={(v) =>
          void publish({
            input: { year: v.year, holidays: dates(v.holidays), makeUpWorkdays: dates(v.makeUpWorkdays) },
          }).then((r) => {
            if (!r.data) return;
            void message.success(
              `${r.data.publishHolidayYear.year} 年节假日已发布（第 ${r.data.publishHolidayYear.version} 版）`,
            );
            onPublished();
          })
        }
      >
        <Form.Item name="year" label="年份" rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} />
        </Form.Item>
        <Form.Item
          name="holidays"
          label="放假日期（每行一个，YYYY-MM-DD）"
          rules={[{ required: true, message: '请填写放假日期' }]}
        >
          <Input.TextArea rows={4} placeholder={`${year}-01-01`} />
        </Form.Item>
        <Form.Item name="makeUpWorkdays" label="调休上班日期">
          <Input.TextArea rows={2} />
        </Form.Item>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 8 }}
            title="日期有误"
            description={problems.map((p) => `${where(p.field)}：${p.message}`).join('；')}
          />
        )}
        {!problems.length && <ErrorNotice error={state.error} />}
        <Button htmlType="submit" loading={state.fetching}>
          发布节假日
        </Button>
      </Form>
    </Card>
  );
}
