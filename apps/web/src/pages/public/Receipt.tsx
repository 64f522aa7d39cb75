import { useState } from 'react';
import { useClient } from 'urql';
import type { CombinedError } from 'urql';
import { Button, Card, Descriptions, Form, Input, Space, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { ComplaintByReceiptQuery } from '../../gql/graphql';
import { ErrorNotice, placeFieldErrors } from '../common';
import { PUBLIC_EXPLAIN } from './explain';

const ComplaintByReceipt = graphql(`
  query ComplaintByReceipt($receiptCode: String!) {
    complaintByReceipt(receiptCode: $receiptCode) {
      status
      statusLabel
      receivedAt
      dueAt
      events {
        kind
        at
        detail
      }
    }
  }
`);

type Progress = ComplaintByReceiptQuery['complaintByReceipt'];
const when = (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm');

/** 查询办理进度: a complaint followed by its receipt code; it shows status, dates and answers, never names. */
export default function Receipt() {
  const client = useClient();
  const [form] = Form.useForm<{ receiptCode: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CombinedError>();
  const [found, setFound] = useState<Progress | null>(null);

  async function look({ receiptCode }: { receiptCode: string }) {
    setBusy(true);
    const r = await client
      .query(ComplaintByReceipt, { receiptCode: receiptCode.trim() }, { requestPolicy: 'network-only' })
      .toPromise();
    setBusy(false);
    setError(r.error);
    placeFieldErrors(form, r.error);
    setFound(r.data?.complaintByReceipt ?? null);
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        查询办理进度
      </Typography.Title>
      <Card size="small">
        <Form form={form} layout="vertical" onFinish={(v) => void look(v)}>
          <Form.Item
            name="receiptCode"
            label="查询码"
            extra="提交投诉举报时显示的 20 位查询码，如 7K2M-9QXA-…，不区分大小写"
            rules={[{ required: true, whitespace: true, message: '请填写查询码' }]}
          >
            <Input autoComplete="off" spellCheck={false} style={{ maxWidth: 360, fontFamily: 'monospace' }} />
          </Form.Item>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ErrorNotice
              error={error}
              explain={{
                ...PUBLIC_EXPLAIN,
                NOT_FOUND: '没有找到这个查询码对应的投诉举报，请核对查询码是否抄写正确。',
              }}
            />
            <Button type="primary" htmlType="submit" loading={busy}>
              查询
            </Button>
          </Space>
        </Form>
      </Card>
      {found && (
        <Card size="small" title="办理进度">
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'status', label: '状态', children: <strong>{found.statusLabel}</strong> },
              { key: 'received', label: '收到时间', children: when(found.receivedAt) },
              ...(found.dueAt ? [{ key: 'due', label: '当前办理期限', children: when(found.dueAt) }] : []),
            ]}
          />
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
            办理记录
          </Typography.Title>
          <Timeline
            items={found.events.map((e) => ({
              key: `${e.kind}-${e.at}`,
              content: (
                <>
                  <div>{e.detail}</div>
                  <Typography.Text type="secondary">{when(e.at)}</Typography.Text>
                </>
              ),
            }))}
          />
        </Card>
      )}
    </Space>
  );
}
