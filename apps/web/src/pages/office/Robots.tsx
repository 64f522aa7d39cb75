import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Form,
  Input,
  List,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { NotificationRobotsQuery, RobotKind } from '../../gql/graphql';
import { CHANNEL_LABELS, ROBOT_KIND_LABELS } from '../../lib/labels';
import { ErrorNotice, emptyLocale, fieldErrorsOf, placeFieldErrors } from '../common';
import { useRosterUnits } from '../units';

const RobotsQuery = graphql(`
  query NotificationRobots($unitId: ID!) {
    notificationRobots(unitId: $unitId) {
      unitId
      departmentCode
      kind
      url
      signed
      updatedAt
    }
  }
`);

const UnitDepartments = graphql(`
  query RobotDepartments($unitId: ID!) {
    rosterDepartments(unitId: $unitId, first: 100) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
  }
`);

const SetRobot = graphql(`
  mutation SetNotificationRobot($input: NotificationRobotInput!) {
    setNotificationRobot(input: $input) {
      unitId
      departmentCode
      kind
      url
      signed
      updatedAt
    }
  }
`);

const RemoveRobot = graphql(`
  mutation RemoveNotificationRobot($unitId: ID!, $departmentCode: String, $kind: RobotKind!) {
    removeNotificationRobot(unitId: $unitId, departmentCode: $departmentCode, kind: $kind)
  }
`);

type Robot = NotificationRobotsQuery['notificationRobots'][number];

interface RobotValues {
  /** '' is the unit's own group (a select cannot hold null). */
  departmentCode: string;
  kind: RobotKind;
  url: string;
  secret?: string;
}

/**
 * 群机器人: a unit's and its departments' 企业微信 / 钉钉 group robots (the people's WECOM and DINGTALK channels, and
 * the unit's group events, post there). Answers carry the webhook with its key cut short and never the 加签 secret.
 */
export function Robots() {
  const { units } = useRosterUnits();
  const [unitId, setUnitId] = useState<string | null>(null);
  return (
    <>
      <Typography.Paragraph>
        {'选择通知“企业微信”或“钉钉”的人员，消息发到其科室（年级组）的群机器人，没有时发到本单位的群机器人；' +
          '公示开始等单位事项发到本单位的群。保存后只显示 Webhook 地址的前几位，加签密钥不再显示。'}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="robots-unit">单位</label>
        <Select
          id="robots-unit"
          style={{ minWidth: 220 }}
          placeholder="请选择单位"
          showSearch={{ optionFilterProp: 'label' }}
          loading={!units}
          value={unitId ?? undefined}
          onChange={(v: string) => setUnitId(v)}
          options={(units ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
      </Space>
      {unitId ? (
        <UnitRobots key={unitId} unitId={unitId} unitName={units?.find((u) => u.id === unitId)?.name ?? unitId} />
      ) : (
        <Alert type="info" showIcon title="请选择单位，查看和设置它的群机器人" />
      )}
    </>
  );
}

function UnitRobots({ unitId, unitName }: { unitId: string; unitName: string }) {
  const [{ data, error }, refetch] = useQuery({
    query: RobotsQuery,
    variables: { unitId },
    requestPolicy: 'network-only',
  });
  const [{ data: depts }] = useQuery({ query: UnitDepartments, variables: { unitId } });
  const [saved, save] = useMutation(SetRobot);
  const [removed, remove] = useMutation(RemoveRobot);
  const [form] = Form.useForm<RobotValues>();
  const kind = Form.useWatch('kind', form);
  const { modal, message } = AntApp.useApp();
  const departments = depts?.rosterDepartments.edges.map((e) => e.node) ?? [];
  const groupName = (code: string | null | undefined) => {
    if (!code) return `${unitName}（本单位群）`;
    const d = departments.find((x) => x.code === code);
    return d ? `${d.name}（${code}）` : code;
  };
  const robots = data?.notificationRobots ?? [];

  async function submit(v: RobotValues) {
    const departmentCode = v.departmentCode || null;
    const existing = robots.find((r) => (r.departmentCode ?? null) === departmentCode && r.kind === v.kind);
    const what = `${groupName(departmentCode)}的${ROBOT_KIND_LABELS[v.kind]}`;
    if (existing) {
      const ok = await modal.confirm({
        title: '确认替换群机器人',
        content: `${what}已设置（${existing.url}），保存后替换为新的地址。`,
        okText: '替换',
        cancelText: '取消',
      });
      if (!ok) return;
    }
    const secret = v.kind === 'DINGTALK' && v.secret?.trim() ? v.secret.trim() : null;
    const r = await save({ input: { unitId, departmentCode, kind: v.kind, url: v.url.trim(), secret } });
    placeFieldErrors(form, r.error);
    if (!r.data) return;
    // The webhook's key and the secret stay only on the server: the form forgets them.
    form.setFieldsValue({ url: '', secret: '' });
    void message.success(`已保存${what}`);
    refetch({ requestPolicy: 'network-only' });
  }

  async function drop(r: Robot) {
    const what = `${groupName(r.departmentCode)}的${ROBOT_KIND_LABELS[r.kind]}`;
    const ok = await modal.confirm({
      title: '确认删除群机器人',
      content: `删除后不再向${what}发送消息。`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
    });
    if (!ok) return;
    const res = await remove({ unitId, departmentCode: r.departmentCode ?? null, kind: r.kind });
    if (res.error) return;
    void message.success(`已删除${what}`);
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={`${unitName}的群机器人`}>
          <ErrorNotice error={error ?? removed.error} />
          <List<Robot>
            aria-label="群机器人列表"
            rowKey={(r) => `${r.departmentCode ?? ''}:${r.kind}`}
            loading={!data && !error}
            dataSource={robots}
            locale={emptyLocale('还没有设置群机器人')}
            renderItem={(r) => (
              <List.Item
                actions={[
                  <Button
                    key="remove"
                    size="small"
                    danger
                    aria-label={`删除${groupName(r.departmentCode)}的${ROBOT_KIND_LABELS[r.kind]}`}
                    onClick={() => void drop(r)}
                  >
                    删除
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <>
                      {groupName(r.departmentCode)} · {ROBOT_KIND_LABELS[r.kind] ?? r.kind}
                      {r.kind === 'DINGTALK' && (
                        <Tag style={{ marginInlineStart: 8 }}>{r.signed ? '已加签' : '未加签'}</Tag>
                      )}
                    </>
                  }
                  description={
                    <>
                      <code style={{ wordBreak: 'break-all' }}>{r.url}</code>
                      <div>更新于 {dayjs(r.updatedAt).format('YYYY-MM-DD HH:mm')}</div>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title="设置群机器人">
          <Form
            form={form}
            layout="vertical"
            initialValues={{ departmentCode: '', kind: 'WECOM' }}
            onFinish={(v) => void submit(v)}
          >
            <Form.Item name="departmentCode" label="群">
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={[
                  { value: '', label: `${unitName}（本单位群）` },
                  ...departments.map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` })),
                ]}
              />
            </Form.Item>
            <Form.Item name="kind" label="机器人类型">
              <Radio.Group
                options={Object.keys(ROBOT_KIND_LABELS).map((kind) => ({ value: kind, label: CHANNEL_LABELS[kind] }))}
              />
            </Form.Item>
            <Form.Item
              name="url"
              label="Webhook 地址"
              extra="群设置 → 群机器人 → 机器人详情中复制，以 https:// 开头"
              rules={[{ required: true, message: '请填写 Webhook 地址' }]}
            >
              <Input autoComplete="off" spellCheck={false} />
            </Form.Item>
            {kind === 'DINGTALK' && (
              <Form.Item
                name="secret"
                label="加签密钥（可选）"
                extra="钉钉机器人安全设置选“加签”时填写，以 SEC 开头；保存后不再显示"
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            )}
            {!fieldErrorsOf(saved.error).length && <ErrorNotice error={saved.error} />}
            {/* Disabled rather than `loading`: antd's loading icon can stay in the DOM after its leave motion, and
                the button is then announced as "loading 保存". */}
            <Button type="primary" htmlType="submit" disabled={saved.fetching}>
              保存
            </Button>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}
