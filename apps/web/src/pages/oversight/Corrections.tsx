import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import {
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Progress,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import { CORRECTION_STATUS_LABELS, OPINION_SOURCE_LABELS, PHASE_STATUS_LABELS } from '../../lib/labels';
import { ErrorNotice, errorCode, placeFieldErrors } from '../common';
import { useMe } from '../me';
import { CampaignPicker, Scroll, none, useCampaignId } from '../office/campaign';
import { useOversightUnits } from './Oversight';

const UnitsQuery = graphql(`
  query OversightCorrectionUnits($campaignId: ID!) {
    campaignUnits(campaignId: $campaignId, first: 200) {
      nodes {
        unitId
        unitName
        phases {
          phase
          status
          deadline
        }
      }
    }
  }
`);

const RoundQuery = graphql(`
  query OversightCorrectionRound($campaignId: ID!, $unitId: ID!) {
    correctionRound(campaignId: $campaignId, unitId: $unitId) {
      status
      opinionCount
      archiveVersion
      forms {
        formId
        approved
      }
    }
    correctionOpinions(campaignId: $campaignId, unitId: $unitId) {
      source
      ref
      text
      at
    }
  }
`);

const StartMutation = graphql(`
  mutation OversightStartCorrection($input: StartCorrectionInput!) {
    startCorrection(input: $input) {
      status
    }
  }
`);

/** R20: each unit's correction phase; a unit's round — compiled opinions, forms in revision, the new archive. */
export default function Corrections() {
  const { campaignId, loading } = useCampaignId();
  const [params, setParams] = useSearchParams();
  const { units } = useOversightUnits();
  const mine = new Set(units.map((u) => u.id));
  const [{ data, error, fetching }] = useQuery({
    query: UnitsQuery,
    variables: { campaignId: campaignId ?? '' },
    pause: !campaignId,
  });
  const unitId = params.get('unit');
  const rows = (data?.campaignUnits.nodes ?? []).filter((u) => mine.has(u.unitId));
  const setUnit = (v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set('unit', v);
    else next.delete('unit');
    setParams(next);
  };
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 18 }}>
        修正完善
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <CampaignPicker key={campaignId} campaignId={campaignId} />
      </Space>
      <ErrorNotice error={error} />
      {loading ? (
        <Spin />
      ) : !campaignId ? (
        <Empty description="尚未启动活动" />
      ) : (
        <Scroll label="各单位修正阶段">
          <Table
            rowKey="unitId"
            loading={fetching && !data}
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: none('没有单位') }}
            columns={[
              { title: '单位', dataIndex: 'unitName' },
              {
                title: '修正阶段',
                render: (_, u) => {
                  const p = u.phases.find((x) => x.phase === 'CORRECTION');
                  return p ? `${PHASE_STATUS_LABELS[p.status]}（截止 ${dayjs(p.deadline).format('YYYY-MM-DD')}）` : '—';
                },
              },
              {
                title: '操作',
                render: (_, u) => (
                  <Button size="small" onClick={() => setUnit(u.unitId)} aria-label={`查看修正：${u.unitName}`}>
                    查看修正
                  </Button>
                ),
              },
            ]}
          />
        </Scroll>
      )}
      {campaignId && unitId && (
        <RoundDrawer
          campaignId={campaignId}
          unitId={unitId}
          unitName={rows.find((u) => u.unitId === unitId)?.unitName ?? unitId}
          onClose={() => setUnit(null)}
        />
      )}
    </>
  );
}

function RoundDrawer({
  campaignId,
  unitId,
  unitName,
  onClose,
}: {
  campaignId: string;
  unitId: string;
  unitName: string;
  onClose: () => void;
}) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: RoundQuery, variables: { campaignId, unitId } });
  const me = useMe();
  // The office or the unit's leaders start a correction; the discipline team follows it.
  const mayStart = !!me?.roles.some((g) => g.role === 'OFFICE_ADMIN');
  const round = data?.correctionRound;
  const approved = round?.forms.filter((f) => f.approved).length ?? 0;
  return (
    <Drawer open title={`修正：${unitName}`} onClose={onClose} size="large" destroyOnHidden>
      <Space className="no-print" style={{ marginBottom: 12 }}>
        <Button onClick={() => refetch({ requestPolicy: 'network-only' })}>刷新</Button>
      </Space>
      {fetching && !data && !error && <Spin />}
      {errorCode(error) === 'NOT_FOUND' ? (
        <Card size="small" title="开启修正">
          <Typography.Paragraph>
            本单位尚未开启修正。开启后，所列人员的已通过表单退回修正，按审核链重新审核。
          </Typography.Paragraph>
          {mayStart && (
            <StartForm
              campaignId={campaignId}
              unitId={unitId}
              onStarted={() => refetch({ requestPolicy: 'network-only' })}
            />
          )}
        </Card>
      ) : (
        <ErrorNotice error={error} />
      )}
      {round && (
        <>
          <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label="状态">
              <Tag>{CORRECTION_STATUS_LABELS[round.status] ?? round.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="汇总意见">{round.opinionCount ?? '汇总中'} 条</Descriptions.Item>
            <Descriptions.Item label="修正表单">
              {round.forms.length ? (
                <Progress
                  aria-label="修正表单审核进度"
                  percent={Math.round((approved / round.forms.length) * 100)}
                  format={() => `${approved} / ${round.forms.length} 已通过`}
                />
              ) : (
                '无需修正表单'
              )}
            </Descriptions.Item>
            <Descriptions.Item label="风险档案">
              {round.archiveVersion ? `第 ${round.archiveVersion} 版` : '待主要负责人确认后生成新版'}
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title="汇总意见" style={{ marginTop: 12 }}>
            <List
              dataSource={data?.correctionOpinions ?? []}
              locale={{ emptyText: none('没有意见') }}
              renderItem={(o) => (
                <List.Item>
                  <Typography.Text>
                    【{OPINION_SOURCE_LABELS[o.source] ?? o.source}】{dayjs(o.at).format('YYYY-MM-DD')} {o.text}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </>
      )}
    </Drawer>
  );
}

function StartForm({ campaignId, unitId, onStarted }: { campaignId: string; unitId: string; onStarted: () => void }) {
  const [state, start] = useMutation(StartMutation);
  const [form] = Form.useForm<{ personCodes?: string; reason: string }>();
  const { message, modal } = AntApp.useApp();
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) =>
        void (async () => {
          const codes = (v.personCodes ?? '')
            .split(/[\s,，、;；]+/)
            .map((c) => c.trim())
            .filter(Boolean);
          const confirmed = await modal.confirm({
            title: '确认开启修正',
            content: codes.length ? `退回修正：${codes.join('、')}` : '退回本单位全部已通过的表单修正',
            okText: '开启修正',
            cancelText: '取消',
          });
          if (!confirmed) return;
          const r = await start({
            input: { campaignId, unitId, personCodes: codes.length ? codes : null, reason: v.reason },
          });
          placeFieldErrors(form, r.error);
          if (r.error) return;
          void message.success('已开启修正');
          onStarted();
        })()
      }
    >
      <Form.Item name="personCodes" label="修正人员工号（以逗号或空格分隔；不填则全部已通过的表单）">
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item
        name="reason"
        label="修正理由"
        rules={[{ required: true, whitespace: true, message: '请填写修正理由' }]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <ErrorNotice error={state.error} />
        <Button type="primary" htmlType="submit" loading={state.fetching}>
          开启修正
        </Button>
      </Space>
    </Form>
  );
}
