import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { TypedDocumentNode } from 'urql';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Input,
  Radio,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { graphql } from '../../gql';
import type { ImportRosterMutation, RosterImportMode, TableFormat } from '../../gql/graphql';
import { FORM_TYPE_LABELS, IMPORT_MODE_LABELS, ROLE_LABELS, UNIT_KIND_LABELS } from '../../lib/labels';
import { ErrorNotice, useCursorPages } from '../common';
import { Scroll, none } from './campaign';

const ImportRoster = graphql(`
  mutation ImportRoster($input: ImportRosterInput!) {
    importRoster(input: $input) {
      dryRun
      mode
      newPeople
      changedPeople
      leavers {
        code
        name
        unitId
      }
      errors {
        row
        column
        reason
        message
      }
      units {
        created
        updated
        unchanged
      }
      departments {
        created
        updated
        unchanged
      }
      posts {
        created
        updated
        unchanged
      }
      people {
        created
        updated
        unchanged
      }
      roleChanges
      leadingGroupChanges
    }
  }
`);

type Summary = ImportRosterMutation['importRoster'];

/** The file as base64, without the data URL's prefix. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('无法读取文件'));
    reader.readAsDataURL(file);
  });
}

/** The office's roster: upload, a dry run that shows every change and every row's problem, then the import. */
export default function Roster() {
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        人员名册
      </Typography.Title>
      <Tabs
        items={[
          { key: 'import', label: '导入名册', children: <RosterImport /> },
          { key: 'browse', label: '浏览名册', children: <RosterBrowser /> },
        ]}
      />
    </>
  );
}

function RosterImport() {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<RosterImportMode>('MERGE');
  const [dry, setDry] = useState<Summary | null>(null);
  const [applied, setApplied] = useState<Summary | null>(null);
  const [state, importRoster] = useMutation(ImportRoster);
  const { modal } = AntApp.useApp();

  async function send(dryRun: boolean) {
    if (!file) return;
    const format: TableFormat = /\.xlsx$/i.test(file.name) ? 'XLSX' : 'CSV';
    const r = await importRoster({ input: { contentBase64: await readBase64(file), format, mode, dryRun } });
    if (!r.data) return;
    if (dryRun) setDry(r.data.importRoster);
    else {
      setApplied(r.data.importRoster);
      setDry(null);
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph>
        上传 CSV（UTF-8 或 GB18030）或 XLSX
        名册，每行一人。先预检：列出将新增、变更和离开的人员，以及每一行的错误；确认无误后再导入。
      </Typography.Paragraph>
      <Upload
        accept=".csv,.xlsx"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setDry(null);
          setApplied(null);
          // Nothing is uploaded here: the file goes to importRoster with the dry run.
          return false;
        }}
        onRemove={() => {
          setFile(null);
          setDry(null);
        }}
        fileList={file ? [{ uid: 'roster', name: file.name, status: 'done' }] : []}
      >
        <Button>选择名册文件</Button>
      </Upload>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontSize: 14, marginBottom: 4 }}>导入方式</legend>
        <Radio.Group
          value={mode}
          onChange={(e) => {
            setMode(e.target.value as RosterImportMode);
            setDry(null);
          }}
          options={Object.entries(IMPORT_MODE_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </fieldset>
      <Button type="primary" disabled={!file} loading={state.fetching} onClick={() => void send(true)}>
        预检（不写入）
      </Button>
      <ErrorNotice error={state.error} />
      {applied && <Alert type="success" showIcon title="名册已导入" description={<Counts s={applied} />} />}
      {dry && dry.errors.length > 0 && (
        <Card size="small" title={`发现 ${dry.errors.length} 处错误，未导入任何数据`}>
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 8 }}
            title="请按下表修改文件后重新选择并预检（行号含表头，表头为第 1 行）"
          />
          <Scroll label={'名册错误'}>
            <Table
              size="small"
              rowKey={(e) => `${e.row}-${e.column}-${e.reason}`}
              aria-label="名册错误"
              dataSource={[...dry.errors].sort((a, b) => a.row - b.row)}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              columns={[
                { title: '行', dataIndex: 'row', width: 60 },
                { title: '列', dataIndex: 'column', render: (c: string) => c || '（整个文件）' },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
          </Scroll>
        </Card>
      )}
      {dry && dry.errors.length === 0 && (
        <Card size="small" title="预检结果（尚未写入）">
          <Counts s={dry} />
          <ChangeList title="新增人员" codes={dry.newPeople} />
          <ChangeList title="变更人员" codes={dry.changedPeople} />
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            离开人员（{dry.leavers.length}）
          </Typography.Title>
          {dry.leavers.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title="离开人员将失去所有角色、不能再登录；其历史记录保留"
            />
          )}
          <Table
            size="small"
            rowKey="code"
            dataSource={dry.leavers}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: none('无') }}
            columns={[
              { title: '工号', dataIndex: 'code' },
              { title: '姓名', dataIndex: 'name' },
              { title: '单位', dataIndex: 'unitId' },
            ]}
          />
          <Button
            type="primary"
            style={{ marginTop: 12 }}
            loading={state.fetching}
            onClick={() =>
              void (async () => {
                const ok = await modal.confirm({
                  title: '确认导入',
                  content: `新增 ${dry.newPeople.length} 人，变更 ${dry.changedPeople.length} 人，离开 ${dry.leavers.length} 人。`,
                  okText: '导入',
                  cancelText: '取消',
                });
                if (ok) await send(false);
              })()
            }
          >
            确认导入
          </Button>
        </Card>
      )}
    </Space>
  );
}

function Counts({ s }: { s: Summary }) {
  const c = (x: { created: number; updated: number; unchanged: number }) =>
    `新增 ${x.created}，变更 ${x.updated}，不变 ${x.unchanged}`;
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label="单位">{c(s.units)}</Descriptions.Item>
      <Descriptions.Item label="科室">{c(s.departments)}</Descriptions.Item>
      <Descriptions.Item label="岗位">{c(s.posts)}</Descriptions.Item>
      <Descriptions.Item label="人员">{c(s.people)}</Descriptions.Item>
      <Descriptions.Item label="角色变更">{s.roleChanges} 人</Descriptions.Item>
      <Descriptions.Item label="领导小组变更">{s.leadingGroupChanges} 个</Descriptions.Item>
    </Descriptions>
  );
}

function ChangeList({ title, codes }: { title: string; codes: string[] }) {
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 12 }}>
        {title}（{codes.length}）
      </Typography.Title>
      <Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: '展开' }}>
        {codes.length ? codes.join('、') : '无'}
      </Typography.Paragraph>
    </>
  );
}

const Units = graphql(`
  query RosterUnitsPage($search: String, $after: String) {
    rosterUnits(search: $search, after: $after, first: 50) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          name
          kind
        }
      }
    }
  }
`);

const Departments = graphql(`
  query RosterDepartmentsPage($search: String, $after: String) {
    rosterDepartments(search: $search, after: $after, first: 50) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          code
          name
          unitId
        }
      }
    }
  }
`);

const Posts = graphql(`
  query RosterPostsPage($search: String, $after: String) {
    rosterPosts(search: $search, after: $after, first: 50) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          code
          name
          unitId
          postType
          formType
        }
      }
    }
  }
`);

const People = graphql(`
  query RosterPeoplePage($search: String, $after: String) {
    rosterPeople(search: $search, after: $after, first: 50, includeLeft: true) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          code
          name
          unitId
          departmentName
          postName
          leftAt
          roles {
            role
          }
        }
      }
    }
  }
`);

const Groups = graphql(`
  query RosterGroupsPage($search: String, $after: String) {
    leadingGroupMembers(search: $search, after: $after, first: 50) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          code
          name
          unitId
          label
          title
        }
      }
    }
  }
`);

type Page<N> = { pageInfo: { endCursor?: string | null; hasNextPage: boolean }; edges: { node: N }[] };

/** One list of the roster: search, and a page at a time. */
function RosterList<R, N extends { id: string }>({
  query,
  pick,
  columns,
  label,
}: {
  query: TypedDocumentNode<R, { search?: string | null; after?: string | null }>;
  pick: (r: R) => Page<N>;
  columns: ColumnsType<N>;
  label: string;
}) {
  const [search, setSearch] = useState('');
  const { after, reset, pager } = useCursorPages();
  const [{ data, fetching, error }] = useQuery({
    query,
    variables: { search: search || null, after },
  });
  const page = data ? pick(data) : undefined;
  return (
    <>
      <Input.Search
        aria-label={`搜索${label}`}
        placeholder="按名称或编码搜索"
        allowClear
        style={{ maxWidth: 320, marginBottom: 8 }}
        onSearch={(v) => {
          setSearch(v.trim());
          reset();
        }}
      />
      <ErrorNotice error={error} />
      <Scroll label={label}>
        <Table
          size="small"
          rowKey="id"
          aria-label={label}
          loading={fetching}
          dataSource={page?.edges.map((e) => e.node) ?? []}
          columns={columns}
          pagination={false}
        />
      </Scroll>
      {pager(page?.pageInfo)}
    </>
  );
}

function RosterBrowser() {
  return (
    <Tabs
      items={[
        {
          key: 'units',
          label: '单位',
          children: (
            <RosterList
              label="单位"
              query={Units}
              pick={(r) => r.rosterUnits}
              columns={[
                { title: '编码', dataIndex: 'id' },
                { title: '名称', dataIndex: 'name' },
                { title: '类型', dataIndex: 'kind', render: (k: string) => UNIT_KIND_LABELS[k] },
              ]}
            />
          ),
        },
        {
          key: 'departments',
          label: '科室',
          children: (
            <RosterList
              label="科室"
              query={Departments}
              pick={(r) => r.rosterDepartments}
              columns={[
                { title: '单位', dataIndex: 'unitId' },
                { title: '编码', dataIndex: 'code' },
                { title: '名称', dataIndex: 'name' },
              ]}
            />
          ),
        },
        {
          key: 'posts',
          label: '岗位',
          children: (
            <RosterList
              label="岗位"
              query={Posts}
              pick={(r) => r.rosterPosts}
              columns={[
                { title: '单位', dataIndex: 'unitId' },
                { title: '编码', dataIndex: 'code' },
                { title: '名称', dataIndex: 'name' },
                { title: '类别', dataIndex: 'postType' },
                { title: '填表类型', dataIndex: 'formType', render: (t: string) => FORM_TYPE_LABELS[t] },
              ]}
            />
          ),
        },
        {
          key: 'people',
          label: '人员',
          children: (
            <RosterList
              label="人员"
              query={People}
              pick={(r) => r.rosterPeople}
              columns={[
                { title: '工号', dataIndex: 'code' },
                { title: '姓名', dataIndex: 'name' },
                { title: '单位', dataIndex: 'unitId' },
                { title: '科室', dataIndex: 'departmentName' },
                { title: '岗位', dataIndex: 'postName' },
                {
                  title: '角色',
                  render: (_, p) => (p.roles ?? []).map((g, i) => <Tag key={i}>{ROLE_LABELS[g.role] ?? g.role}</Tag>),
                },
                { title: '状态', render: (_, p) => (p.leftAt ? <Tag>已离开</Tag> : null) },
              ]}
            />
          ),
        },
        {
          key: 'groups',
          label: '领导小组',
          children: (
            <RosterList
              label="领导小组"
              query={Groups}
              pick={(r) => r.leadingGroupMembers}
              columns={[
                { title: '单位', dataIndex: 'unitId', render: (u: string | null) => u ?? '全区' },
                { title: '工号', dataIndex: 'code' },
                { title: '姓名', dataIndex: 'name' },
                { title: '职务', dataIndex: 'label' },
                { title: '说明', dataIndex: 'title' },
              ]}
            />
          ),
        },
      ]}
    />
  );
}
