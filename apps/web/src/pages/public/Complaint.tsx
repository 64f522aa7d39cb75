import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { Alert, App as AntApp, Button, Card, Form, Input, Radio, Result, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { ComplaintInputModel } from '../../gql/graphql';
import { COMPLAINT_SUBJECT_LABELS, options } from '../../lib/labels';
import { ErrorNotice, placeFieldErrors } from '../common';
import { KEPT_NOTE, PUBLIC_EXPLAIN } from './explain';

const FileComplaint = graphql(`
  mutation FileComplaint($input: ComplaintInputModel!) {
    fileComplaint(input: $input) {
      receiptCode
      progress {
        statusLabel
        dueAt
      }
    }
  }
`);

interface Fields {
  unitId: string;
  subjectKind: 'UNIT' | 'POST' | 'PERSON';
  subjectCode?: string;
  text: string;
  named: boolean;
  complainantName?: string;
  contact?: string;
}

/** 投诉举报 (R16): anonymous or named; the receipt code is shown once, with a copy button and a warning to keep it. */
export default function Complaint() {
  const [params] = useSearchParams();
  const [form] = Form.useForm<Fields>();
  const [filed, file] = useMutation(FileComplaint);
  const [receipt, setReceipt] = useState<{ code: string; statusLabel: string; dueAt?: string | null } | null>(null);
  const subjectKind = Form.useWatch('subjectKind', form);
  const named = Form.useWatch('named', form);

  async function submit(v: Fields) {
    const input: ComplaintInputModel = {
      unitId: v.unitId.trim(),
      subjectKind: v.subjectKind,
      subjectCode: v.subjectKind === 'UNIT' ? null : v.subjectCode?.trim(),
      text: v.text.trim(),
      named: v.named,
      complainantName: v.named ? v.complainantName?.trim() : null,
      contact: v.named ? v.contact?.trim() : null,
    };
    const r = await file({ input });
    placeFieldErrors(form, r.error);
    const got = r.data?.fileComplaint;
    if (got) setReceipt({ code: got.receiptCode, ...got.progress });
  }

  if (receipt) return <ReceiptShown {...receipt} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        投诉举报
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>
        可以匿名，也可以实名。提交后您会得到一个查询码，凭它查询受理和办理进度。单位应在 5 个工作日内答复是否受理。
      </Typography.Paragraph>
      <Card size="small">
        <Form<Fields>
          form={form}
          layout="vertical"
          requiredMark="optional"
          initialValues={{ unitId: params.get('unit') ?? '', subjectKind: 'UNIT', named: false }}
          onFinish={(v) => void submit(v)}
          scrollToFirstError
        >
          <Form.Item
            name="unitId"
            label="被投诉单位编码"
            extra="见单位公示栏或公示页面，如 s001"
            rules={[{ required: true, whitespace: true, message: '请填写单位编码' }]}
          >
            <Input autoComplete="off" style={{ maxWidth: 240 }} />
          </Form.Item>
          <Form.Item name="subjectKind" label="投诉对象">
            <Radio.Group options={options(COMPLAINT_SUBJECT_LABELS)} optionType="button" />
          </Form.Item>
          {subjectKind && subjectKind !== 'UNIT' && (
            <Form.Item
              name="subjectCode"
              label={subjectKind === 'POST' ? '岗位编码' : '人员编码（工号）'}
              rules={[{ required: true, whitespace: true, message: '请填写编码' }]}
            >
              <Input autoComplete="off" style={{ maxWidth: 240 }} />
            </Form.Item>
          )}
          <Form.Item
            name="text"
            label="投诉举报事项"
            extra="请写明时间、地点、经过；至少 10 个字。"
            rules={[
              { required: true, whitespace: true, message: '请填写投诉举报事项' },
              { min: 10, message: '请至少用 10 个字说明事项' },
              { max: 5000, message: '不能超过 5000 个字' },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 5 }} showCount maxLength={5000} />
          </Form.Item>
          <Form.Item name="named" label="是否署名">
            <Radio.Group
              options={[
                { value: false, label: '匿名' },
                { value: true, label: '实名（办结后告知结果）' },
              ]}
            />
          </Form.Item>
          {named ? (
            <>
              <Form.Item
                name="complainantName"
                label="姓名"
                rules={[{ required: true, whitespace: true, message: '实名投诉请填写姓名' }]}
              >
                <Input autoComplete="name" style={{ maxWidth: 240 }} />
              </Form.Item>
              <Form.Item
                name="contact"
                label="联系方式（电话或电子邮箱）"
                extra="只有区领导小组办公室和派驻纪检组能看到，被投诉人和被投诉单位的领导看不到。"
                rules={[{ required: true, whitespace: true, message: '实名投诉请填写联系方式' }]}
              >
                <Input autoComplete="tel" style={{ maxWidth: 320 }} />
              </Form.Item>
            </>
          ) : (
            <Alert
              type="info"
              style={{ marginBottom: 16 }}
              title="匿名投诉不记录姓名、联系方式、网络地址和浏览器信息，只能凭查询码查询进度。"
            />
          )}
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ErrorNotice error={filed.error} explain={PUBLIC_EXPLAIN} note={KEPT_NOTE} />
            <Button type="primary" htmlType="submit" loading={filed.fetching}>
              提交投诉举报
            </Button>
          </Space>
        </Form>
      </Card>
    </Space>
  );
}

/** The receipt code, once: it cannot be shown again (only its hash is kept), so the page says so plainly. */
function ReceiptShown({ code, statusLabel, dueAt }: { code: string; statusLabel: string; dueAt?: string | null }) {
  const { message } = AntApp.useApp();
  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      void message.success('查询码已复制');
    } catch {
      // Outside a secure context (plain http) the clipboard is closed: the code stays selectable.
      void message.warning('无法自动复制，请选中查询码后手动复制');
    }
  }
  return (
    <Result
      status="success"
      title="投诉举报已提交"
      subTitle={`当前状态：${statusLabel}${dueAt ? `；应于 ${dayjs(dueAt).format('YYYY年M月D日')} 前答复是否受理` : ''}`}
      extra={
        <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 520, textAlign: 'left' }}>
          <Card size="small" title="您的查询码">
            <Space wrap>
              {/* Read-only input: labelled, and selectable by hand where the clipboard is closed. */}
              <Input
                readOnly
                aria-label="查询码"
                value={code}
                onFocus={(e) => e.target.select()}
                style={{ fontFamily: 'monospace', fontSize: 18, width: '27ch', maxWidth: '100%' }}
              />
              <Button type="primary" onClick={() => void copy()}>
                复制查询码
              </Button>
            </Space>
          </Card>
          <Alert
            type="warning"
            showIcon
            title="请立即抄写或复制保存查询码"
            description="查询码只显示这一次。系统只保存它的摘要，无法找回或重新显示；遗失后将无法查询办理进度。"
          />
          <Link to="/public/receipt">凭查询码查询办理进度</Link>
        </Space>
      }
    />
  );
}
