import { Card, Table } from 'antd';
import { changeRows } from '../lib/diff';

/** A form's changes field by field (the server's diff): struck-out before, marked after. */
export function ChangesCard({
  title,
  changes,
}: {
  title: string;
  changes: readonly { field: string; before?: string | null; after?: string | null }[];
}) {
  const rows = changeRows(changes);
  if (rows.length === 0) return null;
  return (
    <Card size="small" title={`${title}（${rows.length} 处）`}>
      <Table
        rowKey="field"
        size="small"
        pagination={false}
        dataSource={rows}
        tableLayout="fixed"
        columns={[
          { title: '内容', dataIndex: 'label' },
          { title: '修改前', dataIndex: 'before', render: (v: string) => <del style={{ color: '#a8071a' }}>{v}</del> },
          { title: '修改后', dataIndex: 'after', render: (v: string) => <mark>{v}</mark> },
        ]}
      />
    </Card>
  );
}
