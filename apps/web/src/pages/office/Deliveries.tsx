import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { App as AntApp, Button, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { DeliveryStatus, NotificationDeliveriesQuery } from '../../gql/graphql';
import {
  CHANNEL_LABELS,
  DELIVERY_STATUS_LABELS,
  NOTIFICATION_KIND_LABELS,
  deliveryStateLabel,
  options,
} from '../../lib/labels';
import { ErrorNotice, deliveryColour, emptyLocale, useCursorPages } from '../common';
import { RequireRoles, Scroll } from './campaign';

const DeliveriesQuery = graphql(`
  query NotificationDeliveries($status: DeliveryStatus, $after: String) {
    notificationDeliveries(status: $status, after: $after, first: 50) {
      edges {
        node {
          id
          channel
          recipient
          personCode
          personName
          kind
          status
          attempts
          lastError
          nextAttemptAt
          sentAt
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const RetryDelivery = graphql(`
  mutation RetryNotificationDelivery($id: ID!) {
    retryNotificationDelivery(id: $id) {
      id
      status
      attempts
      lastError
      nextAttemptAt
      sentAt
    }
  }
`);

type Row = NotificationDeliveriesQuery['notificationDeliveries']['edges'][number]['node'];

const at = (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm:ss');

/** Who a message is for: name and 工号, or a named complainant (whose contact only the complaint's handlers read). */
const who = (r: Row) => (r.personName ? `${r.personName}（${r.personCode}）` : '实名举报人');

/** The time that matters in this state: sent, due next, or none for a dead letter. */
function when(r: Row): string {
  if (r.sentAt) return `发送于 ${at(r.sentAt)}`;
  if (r.status === 'PENDING' || r.status === 'HELD' || r.status === 'SENDING') return `下次 ${at(r.nextAttemptAt)}`;
  return '—';
}

/** The office's pages refresh on their own: the relay moves states every few seconds. */
const REFRESH_MS = 5_000;

/**
 * 消息投递 (office only): every outbound message of the outbox, newest first, by state; a dead letter (投递失败:
 * every attempt failed) is sent again after a confirmation, with fresh attempts (the gateway audits it).
 */
export default function Deliveries() {
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        消息投递
      </Typography.Title>
      <RequireRoles roles={['OFFICE_ADMIN']}>
        <DeliveryList />
      </RequireRoles>
    </>
  );
}

function DeliveryList() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') || null) as DeliveryStatus | null;
  const { after, reset, pager } = useCursorPages();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: DeliveriesQuery,
    variables: { status, after },
    requestPolicy: 'network-only',
  });
  const [retried, retry] = useMutation(RetryDelivery);
  const [retrying, setRetrying] = useState<string | null>(null);
  const { modal, message } = AntApp.useApp();
  useEffect(() => {
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refetch]);

  async function resend(r: Row) {
    const channel = CHANNEL_LABELS[r.channel] ?? r.channel;
    const ok = await modal.confirm({
      title: '确认重新发送',
      content: `将重新发送给${who(r)}的这条${channel}（${NOTIFICATION_KIND_LABELS[r.kind] ?? r.kind}），尝试次数从零重新计算。请先确认故障已排除。`,
      okText: '重新发送',
      cancelText: '取消',
    });
    if (!ok) return;
    setRetrying(r.id);
    const res = await retry({ id: r.id });
    setRetrying(null);
    if (!res.data) return;
    void message.success(
      `已重新发送给${who(r)}的${channel}，当前状态：${deliveryStateLabel(res.data.retryNotificationDelivery)}`,
    );
    refetch({ requestPolicy: 'network-only' });
  }

  // Who and what state first: on a phone they and the retry button are in view while the rest scrolls.
  const columns = [
    {
      title: '收件人',
      key: 'who',
      render: (_: unknown, r: Row) => (
        <>
          <div>{who(r)}</div>
          {r.recipient && <Typography.Text type="secondary">{r.recipient}</Typography.Text>}
        </>
      ),
    },
    {
      title: '状态',
      key: 'status',
      render: (_: unknown, r: Row) => (
        <Space orientation="vertical" size={4} align="start">
          <Tag color={deliveryColour(r)}>{deliveryStateLabel(r)}</Tag>
          {r.status === 'DEAD' && (
            <Button
              size="small"
              danger
              loading={retrying === r.id}
              aria-label={`重新发送给${who(r)}的${CHANNEL_LABELS[r.channel] ?? r.channel}`}
              onClick={() => void resend(r)}
            >
              重新发送
            </Button>
          )}
        </Space>
      ),
    },
    { title: '渠道', dataIndex: 'channel', render: (c: string) => CHANNEL_LABELS[c] ?? c },
    { title: '消息类型', dataIndex: 'kind', render: (k: string) => NOTIFICATION_KIND_LABELS[k] ?? k },
    { title: '尝试次数', dataIndex: 'attempts' },
    {
      title: '最近错误',
      dataIndex: 'lastError',
      render: (e: string | null) =>
        e ? <code style={{ whiteSpace: 'normal', wordBreak: 'break-all' }}>{e}</code> : '—',
      width: 260,
    },
    { title: '发送 / 下次尝试', key: 'when', render: (_: unknown, r: Row) => when(r) },
    { title: '产生时间', dataIndex: 'createdAt', render: (d: string) => at(d) },
  ];

  const page = data?.notificationDeliveries;
  return (
    <>
      <Typography.Paragraph>
        每条通知在电子邮件、短信、企业微信和钉钉上的投递记录，最新的在前（每 5 秒刷新）。多次尝试仍失败的为
        <Tag color={deliveryColour({ status: 'DEAD', attempts: 0 })} style={{ marginInline: 4 }}>
          投递失败
        </Tag>
        ，排除故障后可重新发送；收件地址只显示部分。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="deliveries-status">状态</label>
        <Select
          id="deliveries-status"
          style={{ minWidth: 200 }}
          value={status ?? ''}
          onChange={(v: string) => {
            setParams(v ? { status: v } : {});
            reset();
          }}
          options={[{ value: '', label: '全部' }, ...options(DELIVERY_STATUS_LABELS)]}
        />
        <Button onClick={() => refetch({ requestPolicy: 'network-only' })}>刷新</Button>
      </Space>
      <ErrorNotice error={error ?? retried.error} />
      <Scroll label="消息投递列表">
        <Table<Row>
          size="small"
          rowKey="id"
          aria-label="消息投递列表"
          loading={fetching && !data}
          dataSource={page?.edges.map((e) => e.node) ?? []}
          columns={columns}
          pagination={false}
          // No cell breaks inside a name, a 工号 or a date (but the error): a phone scrolls the table sideways instead.
          style={{ minWidth: 1000, whiteSpace: 'nowrap' }}
          locale={emptyLocale(status ? `没有“${DELIVERY_STATUS_LABELS[status]}”的消息` : '还没有发出的消息')}
        />
      </Scroll>
      {pager(page?.pageInfo)}
    </>
  );
}
