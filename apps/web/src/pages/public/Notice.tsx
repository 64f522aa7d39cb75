import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { App as AntApp, Button, Card, Empty, Form, Input, List, Select, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import { ErrorNotice, errorCode, placeFieldErrors } from '../common';
import { KEPT_NOTE, PUBLIC_EXPLAIN } from './explain';

const PublicNoticeQuery = graphql(`
  query PublicNotice($campaignId: ID!, $unitId: ID!) {
    publicNotice(campaignId: $campaignId, unitId: $unitId) {
      unitId
      unitName
      closesAt
      riskPoints {
        id
        postName
        description
        categoryLabel
        levelLabel
        controlMeasures
      }
    }
  }
`);

const CommentOnNotice = graphql(`
  mutation CommentOnNotice($input: NoticeCommentInput!) {
    commentOnNotice(input: $input) {
      id
    }
  }
`);

interface Fields {
  riskPointId?: string;
  text: string;
  authorName?: string;
}

/** 公示 (R13): a unit's risk points while they are on notice, by post (never by person), and a comment form. */
export default function Notice() {
  const { campaignId = '', unitId = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: PublicNoticeQuery, variables: { campaignId, unitId } });
  const [sent, send] = useMutation(CommentOnNotice);
  const [form] = Form.useForm<Fields>();
  const { message } = AntApp.useApp();

  async function submit(v: Fields) {
    const r = await send({
      input: {
        campaignId,
        unitId,
        riskPointId: v.riskPointId ?? null,
        text: v.text.trim(),
        authorName: v.authorName?.trim() || null,
      },
    });
    placeFieldErrors(form, r.error);
    if (r.data) {
      form.resetFields();
      void message.success('意见已提交，单位将逐条答复');
    }
  }

  if (!data)
    return fetching ? (
      <Spin />
    ) : errorCode(error) === 'NOT_FOUND' ? (
      <Empty description="该单位目前没有处于公示期的风险点。公示期结束后，可通过投诉举报反映问题。">
        <Link to={`/public/complaint?unit=${encodeURIComponent(unitId)}`}>投诉举报</Link>
      </Empty>
    ) : (
      <ErrorNotice error={error} explain={PUBLIC_EXPLAIN} />
    );
  const notice = data.publicNotice;
  const points = notice.riskPoints;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {notice.unitName} 廉政风险点公示
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>
        以下是本单位各岗位查找出的廉政风险点及防控措施（{campaignId} 年度），共 {points.length} 个。
        {notice.closesAt && <>公示期至 {dayjs(notice.closesAt).format('YYYY年M月D日 HH:mm')}。</>}
        欢迎提出意见，单位将逐条答复。
      </Typography.Paragraph>
      <List
        dataSource={points}
        renderItem={(p, i) => (
          <List.Item>
            <Card size="small" style={{ width: '100%' }} title={`${i + 1}. ${p.postName}`}>
              <Space wrap style={{ marginBottom: 8 }}>
                <Tag>{p.categoryLabel}</Tag>
                <Tag>风险级别：{p.levelLabel}</Tag>
              </Space>
              <Typography.Paragraph style={{ marginBottom: 4 }}>
                <strong>风险点：</strong>
                {p.description}
              </Typography.Paragraph>
              <Typography.Paragraph style={{ margin: 0 }}>
                <strong>防控措施：</strong>
                {p.controlMeasures || '—'}
              </Typography.Paragraph>
            </Card>
          </List.Item>
        )}
      />
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>提出意见</h2>}>
        <Form<Fields> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="riskPointId" label="针对的风险点（选填）">
            <Select
              allowClear
              placeholder="针对全部风险点"
              options={points.map((p, i) => ({
                value: p.id,
                label: `${i + 1}. ${p.postName}：${p.description}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="text"
            label="意见"
            rules={[
              { required: true, whitespace: true, message: '请填写意见' },
              { max: 2000, message: '不能超过 2000 个字' },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 3 }} showCount maxLength={2000} />
          </Form.Item>
          <Form.Item
            name="authorName"
            label="署名（选填，不填即匿名）"
            rules={[{ max: 50, message: '不能超过 50 个字' }]}
          >
            <Input autoComplete="name" style={{ maxWidth: 240 }} />
          </Form.Item>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ErrorNotice
              error={sent.error}
              explain={{
                ...PUBLIC_EXPLAIN,
                NOT_FOUND: '公示期已经结束，意见无法再提交。如需反映问题，请使用投诉举报。',
              }}
              note={KEPT_NOTE}
            />
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={sent.fetching}>
                提交意见
              </Button>
              <Link to={`/public/complaint?unit=${encodeURIComponent(unitId)}`}>对本单位投诉举报</Link>
            </Space>
          </Space>
        </Form>
      </Card>
    </Space>
  );
}
