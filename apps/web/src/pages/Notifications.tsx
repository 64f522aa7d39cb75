import { useQuery } from 'urql';
import { List, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../gql';

const MyNotifications = graphql(`
  query MyNotifications {
    myNotifications(first: 100) {
      id
      kind
      message
      formId
      createdAt
    }
  }
`);

const KIND_LABELS: Record<string, string> = {
  TASK: '待办',
  REMINDER: '提醒',
  ESCALATION: '升级',
  RETURNED: '退回',
  APPROVED: '通过',
  EXTENDED: '延期',
};

export default function Notifications() {
  const [{ data, fetching }] = useQuery({ query: MyNotifications, requestPolicy: 'network-only' });
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        消息通知
      </Typography.Title>
      <List
        loading={fetching}
        dataSource={data?.myNotifications ?? []}
        locale={{ emptyText: '暂无消息' }}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta
              title={
                <>
                  <Tag>{KIND_LABELS[n.kind] ?? n.kind}</Tag>
                  {n.message}
                </>
              }
              description={dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
            />
          </List.Item>
        )}
      />
    </>
  );
}
