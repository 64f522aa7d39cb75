import { useMutation } from 'urql';
import { Button, Card, Form, Input, InputNumber, Result, Space, Typography } from 'antd';
import { graphql } from '../../gql';
import { ErrorNotice, placeFieldErrors } from '../common';
import { KEPT_NOTE, PUBLIC_EXPLAIN } from './explain';

const SubmitScore = graphql(`
  mutation SubmitEvaluationScore($input: EvaluationScoreInput!) {
    submitEvaluationScore(input: $input)
  }
`);

interface Fields {
  code: string;
  score: number;
  comment?: string;
}

/** 评议打分 (R19): one score from 0 to 100 per invitation code, with an optional comment. */
export default function Evaluation() {
  const [form] = Form.useForm<Fields>();
  const [sent, send] = useMutation(SubmitScore);

  async function submit(v: Fields) {
    const r = await send({ input: { code: v.code.trim(), score: v.score, comment: v.comment?.trim() || null } });
    placeFieldErrors(form, r.error);
  }

  if (sent.data?.submitEvaluationScore)
    return <Result status="success" title="评议已提交，感谢您的参与" subTitle="每个邀请码只能评议一次。" />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        评议打分
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>
        请按收到的邀请码，对该单位的廉政风险防控工作打分（0–100 分）。评议不记名，每个邀请码只能使用一次。
      </Typography.Paragraph>
      <Card size="small">
        <Form<Fields> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="code" label="邀请码" rules={[{ required: true, whitespace: true, message: '请填写邀请码' }]}>
            <Input autoComplete="off" spellCheck={false} style={{ maxWidth: 360, fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item name="score" label="评分（0–100）" rules={[{ required: true, message: '请打分' }]}>
            <InputNumber min={0} max={100} precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="comment" label="意见建议（选填）" rules={[{ max: 2000, message: '不能超过 2000 个字' }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} showCount maxLength={2000} />
          </Form.Item>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ErrorNotice
              error={sent.error}
              explain={{
                ...PUBLIC_EXPLAIN,
                NOT_FOUND: '邀请码无效，请核对是否抄写正确。',
                CONFLICT: '这个邀请码已经评议过，或本轮评议已经结束。',
              }}
              note={KEPT_NOTE}
            />
            <Button type="primary" htmlType="submit" loading={sent.fetching}>
              提交评议
            </Button>
          </Space>
        </Form>
      </Card>
    </Space>
  );
}
