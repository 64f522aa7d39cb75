import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import type { CombinedError } from 'urql';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  List,
  Row,
  Select,
  Space,
  Switch,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../gql';
import type { MyNotificationPreferencesQuery, MyNotificationsQuery } from '../gql/graphql';
import { CHANNEL_LABELS, NOTIFICATION_KIND_LABELS, deliveryStateLabel } from '../lib/labels';
import {
  CHANNELS,
  NO_DIGEST,
  hourLabel,
  inputOf,
  preferenceItem,
  valuesOf,
  type PreferenceValues,
} from '../lib/notify-settings';
import { ErrorNotice, deliveryColour, emptyLocale, fieldErrorsOf } from './common';

const MyNotifications = graphql(`
  query MyNotifications {
    myNotifications(first: 100) {
      id
      kind
      message
      formId
      createdAt
      deliveries {
        id
        channel
        recipient
        status
        attempts
        nextAttemptAt
        sentAt
      }
    }
  }
`);

const NotificationArrived = graphql(`
  subscription NotificationArrived {
    notificationAdded {
      id
    }
  }
`);

const PreferencesQuery = graphql(`
  query MyNotificationPreferences {
    myNotificationPreferences {
      channels
      chosen
      digestHour
      email
      mobile
      quietHours {
        start
        end
      }
    }
  }
`);

const SetPreferences = graphql(`
  mutation SetNotificationPreferences($input: NotificationPreferencesInput!) {
    setNotificationPreferences(input: $input) {
      channels
      chosen
      digestHour
      email
      mobile
      quietHours {
        start
        end
      }
    }
  }
`);

type Delivery = MyNotificationsQuery['myNotifications'][number]['deliveries'][number];
type Preferences = MyNotificationPreferencesQuery['myNotificationPreferences'];

const time = (at: string) => dayjs(at).format('MM-DD HH:mm');

/** When, for this state: sent at, due again at, or held until the digest. */
function deliveryWhen(d: Delivery): string {
  if (d.status === 'SENT' && d.sentAt) return `${time(d.sentAt)} 发送`;
  if (d.status === 'HELD') return `预计 ${time(d.nextAttemptAt)} 随汇总发送`;
  if (d.status === 'PENDING' && d.attempts > 0) return `已尝试 ${d.attempts} 次，${time(d.nextAttemptAt)} 再试`;
  if (d.status === 'DEAD') return `已尝试 ${d.attempts} 次，领导小组办公室可重新发送`;
  return '';
}

/** Still moving: the list asks again every few seconds while a message is due or being sent. */
const IN_FLIGHT = new Set(['PENDING', 'SENDING']);

/** 消息通知: my latest notifications with each message's delivery per channel, and my notification settings. */
export default function Notifications() {
  const [params, setParams] = useSearchParams();
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        消息通知
      </Typography.Title>
      <Tabs
        activeKey={params.get('tab') ?? 'messages'}
        onChange={(tab) => setParams({ tab })}
        items={[
          { key: 'messages', label: '消息', children: <Messages /> },
          { key: 'settings', label: '通知设置', children: <Settings /> },
        ]}
      />
    </>
  );
}

function Messages() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyNotifications, requestPolicy: 'network-only' });
  useSubscription({ query: NotificationArrived }, () => refetch({ requestPolicy: 'network-only' }));
  const live = data?.myNotifications.some((n) => n.deliveries.some((d) => IN_FLIGHT.has(d.status)));
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 5_000);
    return () => clearInterval(timer);
  }, [live, refetch]);
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">每条消息下列出它经电子邮件、短信、企业微信或钉钉的发送情况。</Typography.Text>
        <Button size="small" onClick={() => refetch({ requestPolicy: 'network-only' })}>
          刷新
        </Button>
      </Space>
      <ErrorNotice error={error} />
      <List
        aria-label="消息列表"
        loading={fetching && !data}
        dataSource={data?.myNotifications ?? []}
        locale={emptyLocale('暂无消息')}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta
              title={
                <>
                  <Tag>{NOTIFICATION_KIND_LABELS[n.kind] ?? n.kind}</Tag>
                  {n.message}
                </>
              }
              description={
                <>
                  <div>{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</div>
                  <Deliveries deliveries={n.deliveries} />
                </>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}

/** A notification's messages beyond the console, one line per channel: where to, its state and when. */
function Deliveries({ deliveries }: { deliveries: readonly Delivery[] }) {
  if (!deliveries.length) return <Typography.Text type="secondary">仅站内消息</Typography.Text>;
  return (
    <ul aria-label="发送情况" style={{ listStyle: 'none', margin: '4px 0 0', padding: 0 }}>
      {deliveries.map((d) => (
        <li key={d.id} style={{ marginTop: 2 }}>
          <Typography.Text>
            {CHANNEL_LABELS[d.channel] ?? d.channel}
            {d.recipient && (d.channel === 'EMAIL' || d.channel === 'SMS') ? `（${d.recipient}）` : ''}
          </Typography.Text>{' '}
          <Tag color={deliveryColour(d)}>{deliveryStateLabel(d)}</Tag>
          {/* The time stays on one line: a phone wraps the whole phrase, never inside a date. */}
          <Typography.Text type="secondary" style={{ display: 'inline-block' }}>
            {deliveryWhen(d)}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

const CHANNEL_HINTS: Record<string, string> = {
  EMAIL: '发送到花名册中的电子邮箱',
  SMS: '发送到花名册中的手机号',
  WECOM: '在本科室（年级组）的企业微信群中 @您，没有科室群时发到本单位群',
  DINGTALK: '在本科室（年级组）的钉钉群中 @您，没有科室群时发到本单位群',
};

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: hourLabel(h) }));
const DIGEST_OPTIONS = [
  { value: NO_DIGEST, label: '不汇总：每条消息即时发送' },
  ...HOURS.map((h) => ({ value: h.value, label: `每天 ${h.label} 汇总发送一次` })),
];

/** My channels, the daily digest and quiet hours; the server checks each channel against my roster contacts. */
function Settings() {
  const [{ data, error }] = useQuery({ query: PreferencesQuery, requestPolicy: 'network-only' });
  const prefs = data?.myNotificationPreferences;
  return (
    <>
      <ErrorNotice error={error} />
      {prefs && <SettingsForm prefs={prefs} />}
    </>
  );
}

function summary(p: Preferences): string {
  const channels = p.channels.map((c) => CHANNEL_LABELS[c] ?? c).join('、') || '不发送（仅站内消息）';
  const digest = p.digestHour == null ? '即时发送' : `每天 ${hourLabel(p.digestHour)} 汇总`;
  const quiet = p.quietHours ? `免打扰 ${hourLabel(p.quietHours.start)}–${hourLabel(p.quietHours.end)}` : '无免打扰';
  return `${channels}；${digest}；${quiet}`;
}

function SettingsForm({ prefs: initial }: { prefs: Preferences }) {
  const [prefs, setPrefs] = useState(initial);
  const [form] = Form.useForm<PreferenceValues>();
  const [state, save] = useMutation(SetPreferences);
  const [unplaced, setUnplaced] = useState<CombinedError>();
  const { message } = AntApp.useApp();
  const quiet = Form.useWatch('quiet', form);

  async function submit(v: PreferenceValues) {
    const input = inputOf(v);
    const r = await save({ input });
    const errors = fieldErrorsOf(r.error);
    const placed = errors.flatMap((e) => {
      const name = preferenceItem(e.field, input.channels);
      return name ? [{ name, errors: [e.message] }] : [];
    });
    form.setFields(placed);
    // What has no field of its own (or is no field error at all) shows above the button.
    setUnplaced(r.error && placed.length < Math.max(errors.length, 1) ? r.error : undefined);
    if (!r.data) return;
    setPrefs(r.data.setNotificationPreferences);
    form.setFieldsValue(valuesOf(r.data.setNotificationPreferences));
    void message.success('通知设置已保存');
  }

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={10}>
        <Card size="small" title="当前设置">
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'email', label: '电子邮箱', children: prefs.email ?? '花名册中未登记' },
              { key: 'mobile', label: '手机号', children: prefs.mobile ?? '花名册中未登记' },
              { key: 'now', label: '通知方式', children: summary(prefs) },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            联系方式来自人员名册，如有错误请联系本单位负责名册的同志更正。时间均为北京时间。
          </Typography.Paragraph>
          {!prefs.chosen && (
            <Alert
              style={{ marginTop: 8 }}
              type="info"
              showIcon
              title="您尚未设置：花名册中有电子邮箱时，按默认用电子邮件逐条通知。"
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card size="small" title="修改通知设置">
          <Form form={form} layout="vertical" initialValues={valuesOf(prefs)} onFinish={(v) => void submit(v)}>
            <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
              <legend style={{ fontSize: 14, marginBottom: 8 }}>通知渠道（可多选；站内消息总会保留）</legend>
              {CHANNELS.map((c) => (
                <Form.Item
                  key={c}
                  name={['channel', c]}
                  valuePropName="checked"
                  extra={CHANNEL_HINTS[c]}
                  style={{ marginBottom: 12 }}
                >
                  <Checkbox>{CHANNEL_LABELS[c]}</Checkbox>
                </Form.Item>
              ))}
            </fieldset>
            <Form.Item name="digestHour" label="每日汇总" extra="汇总时，当天的消息合并为一条，在所选时间发送。">
              <Select options={DIGEST_OPTIONS} virtual={false} />
            </Form.Item>
            <Form.Item name="quiet" label="免打扰时段" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Switch checkedChildren="开" unCheckedChildren="关" />
            </Form.Item>
            <Row gutter={8}>
              <Col xs={12}>
                <Form.Item name={['quietHours', 'start']} label="开始" hidden={!quiet}>
                  <Select options={HOURS} virtual={false} />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item
                  name={['quietHours', 'end']}
                  label="结束"
                  hidden={!quiet}
                  extra="可跨午夜，期间的消息在结束时发送"
                >
                  <Select options={HOURS} virtual={false} />
                </Form.Item>
              </Col>
            </Row>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <ErrorNotice error={unplaced} />
              <Button type="primary" htmlType="submit" loading={state.fetching}>
                保存通知设置
              </Button>
            </Space>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}
