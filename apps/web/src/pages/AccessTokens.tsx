import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../gql';
import { userMessageOf } from '../lib/errors';
import { TOKEN_SCOPE_LABELS, options } from '../lib/labels';
import { SOLID, fieldErrorsOf } from './common';

const AccessTokensQuery = graphql(`
  query AccessTokens {
    accessTokens(first: 100) {
      id
      name
      scope
      createdAt
      lastUsedAt
      expiresAt
      revokedAt
      status
    }
  }
`);

const CreateAccessToken = graphql(`
  mutation CreateAccessToken($input: CreateAccessTokenInput!) {
    createAccessToken(input: $input) {
      secret
      token {
        id
        name
      }
    }
  }
`);

const RevokeAccessToken = graphql(`
  mutation RevokeAccessToken($id: ID!) {
    revokeAccessToken(id: $id) {
      id
      status
      revokedAt
    }
  }
`);

const SCOPE_HELP: Record<string, string> = {
  READ: '查询与订阅：查看待办、表单和消息',
  REVIEW: '只读权限，另可审核（通过、退回、批量通过）本人的待办',
};
const STATUS: Record<string, { label: string; color?: string }> = {
  ACTIVE: { label: '有效', color: SOLID.green },
  EXPIRED: { label: '已过期' },
  REVOKED: { label: '已撤销', color: SOLID.red },
};
// Up to the gateway's default maximum (AUTH_PAT_MAX_LIFETIME_DAYS, 90): a lower one set by an installation is
// reported on the field by the gateway's field error.
const DAYS = [7, 30, 60, 90];
const FIELD_NAMES: Record<string, keyof CreateValues> = {
  name: 'name',
  scope: 'scope',
  expiresInDays: 'expiresInDays',
};
const when = (t: string | null | undefined) => (t ? dayjs(t).format('YYYY-MM-DD HH:mm') : '从未使用');

interface CreateValues {
  name: string;
  scope: 'READ' | 'REVIEW';
  expiresInDays: number;
}

/**
 * 访问令牌 (issue 20): personal access tokens for one's own GraphQL client or script. The secret is shown
 * once, right after creation; the list shows everything else. Revoking takes effect at the next request.
 */
export default function AccessTokens() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: AccessTokensQuery, requestPolicy: 'network-only' });
  const [created, create] = useMutation(CreateAccessToken);
  const [, revoke] = useMutation(RevokeAccessToken);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [shown, setShown] = useState(false);
  const [form] = Form.useForm<CreateValues>();
  const scope = Form.useWatch('scope', form) ?? 'READ';
  const { message } = AntApp.useApp();

  const onCreate = async (values: CreateValues) => {
    const r = await create({ input: { name: values.name, scope: values.scope, expiresInDays: values.expiresInDays } });
    const fieldErrors = fieldErrorsOf(r.error);
    if (fieldErrors.length) {
      form.setFields(
        fieldErrors
          .filter((e) => FIELD_NAMES[e.field])
          .map((e) => ({ name: FIELD_NAMES[e.field]!, errors: [e.message] })),
      );
      return;
    }
    if (r.error || !r.data) {
      message.error(`创建失败：${userMessageOf(r.error) ?? '未知错误'}`);
      return;
    }
    setSecret({ name: r.data.createAccessToken.token.name, value: r.data.createAccessToken.secret });
    setShown(true);
    form.resetFields();
    refetch({ requestPolicy: 'network-only' });
  };

  const onRevoke = async (id: string) => {
    const r = await revoke({ id });
    if (r.error) message.error(`撤销失败：${userMessageOf(r.error)}`);
    else message.success('令牌已撤销');
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        访问令牌
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        为自己的 GraphQL 客户端（Insomnia、Altair、Postman、脚本）创建令牌，请求时发送
        <Typography.Text code>Authorization: Bearer 令牌</Typography.Text>。令牌的权限不会超过您在花名册中的当前角色。
      </Typography.Paragraph>

      <Card title="新建令牌" size="small" style={{ marginBottom: 16 }}>
        <Form<CreateValues>
          form={form}
          layout="vertical"
          initialValues={{ scope: 'READ', expiresInDays: 90 }}
          onFinish={(v) => void onCreate(v)}
          style={{ maxWidth: 560 }}
        >
          <Form.Item
            name="name"
            label="名称"
            rules={[
              { required: true, whitespace: true, message: '请填写名称' },
              { max: 60, message: '不超过 60 个字符' },
            ]}
          >
            <Input placeholder="例如：桌面客户端" maxLength={60} />
          </Form.Item>
          <Form.Item name="scope" label="权限范围" extra={SCOPE_HELP[scope]}>
            <Radio.Group options={options(TOKEN_SCOPE_LABELS)} optionType="button" />
          </Form.Item>
          <Form.Item name="expiresInDays" label="有效期" extra="到期后自动失效；最长 90 天（以系统设置为准）">
            <Select
              style={{ width: 160 }}
              options={DAYS.map((d) => ({ value: d, label: `${d} 天` }))}
              aria-label="有效期"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={created.fetching}>
            创建令牌
          </Button>
        </Form>
      </Card>

      {error && <Alert type="error" showIcon title="无法加载令牌" description={userMessageOf(error)} />}
      <Table
        rowKey="id"
        size="small"
        loading={fetching}
        scroll={{ x: 760 }}
        dataSource={data?.accessTokens ?? []}
        locale={{ emptyText: '暂无令牌' }}
        pagination={false}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '权限', dataIndex: 'scope', render: (s: string) => TOKEN_SCOPE_LABELS[s] ?? s },
          { title: '创建时间', dataIndex: 'createdAt', render: when },
          { title: '最近使用', dataIndex: 'lastUsedAt', render: when },
          { title: '到期时间', dataIndex: 'expiresAt', render: when },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.label ?? s}</Tag>,
          },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, t: { id: string; name: string; status: string }) =>
              t.status === 'ACTIVE' ? (
                <Popconfirm
                  title={`撤销令牌“${t.name}”？`}
                  description="撤销后，使用该令牌的客户端和订阅立即失效。"
                  okText="撤销"
                  cancelText="取消"
                  onConfirm={() => void onRevoke(t.id)}
                >
                  <Button size="small" danger>
                    撤销
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />

      <Modal
        open={shown}
        title="令牌已创建"
        onCancel={() => setShown(false)}
        // The secret leaves the page (state and DOM) once the dialog has closed: it is shown this once.
        destroyOnHidden
        afterClose={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setShown(false)}>
            我已保存
          </Button>
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon title="请立即复制并妥善保存：关闭后无法再次查看此令牌。" />
          <Typography.Text>{secret?.name}</Typography.Text>
          <Typography.Paragraph copyable={{ text: secret?.value }} code style={{ wordBreak: 'break-all' }}>
            <span data-testid="token-secret">{secret?.value}</span>
          </Typography.Paragraph>
        </Space>
      </Modal>
    </>
  );
}
