import { useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { Alert, Button, Progress, Space } from 'antd';
import { graphql } from '../gql';
import type { StartExportInput } from '../gql/graphql';
import { userMessageOf } from '../lib/errors';

// Exports and printing, apart from the pages' common helpers: only the pages that export load the progress bar.

const StartExport = graphql(`
  mutation StartExport($input: StartExportInput!) {
    startExport(input: $input) {
      id
      status
      progress
    }
  }
`);

const ExportJobQuery = graphql(`
  query ExportJob($id: ID!) {
    exportJob(id: $id) {
      id
      status
      progress
      downloadUrl
      fileName
      error
    }
  }
`);

export interface ExportJobState {
  status: string;
  progress: number;
  downloadUrl?: string | null;
  fileName?: string | null;
  error?: string | null;
}

/** Starts an export (a Temporal workflow on the server) and follows its progress until it is done or failed. */
export function useExportJob(): { job: ExportJobState | undefined; start: (input: StartExportInput) => Promise<void> } {
  const client = useClient();
  const [job, setJob] = useState<ExportJobState>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function start(input: StartExportInput) {
    clearTimeout(timer.current);
    setJob({ status: 'RUNNING', progress: 0 });
    const r = await client.mutation(StartExport, { input }).toPromise();
    if (!r.data) return setJob({ status: 'FAILED', progress: 0, error: userMessageOf(r.error) });
    const id = r.data.startExport.id;
    const poll = async () => {
      const q = await client.query(ExportJobQuery, { id }, { requestPolicy: 'network-only' }).toPromise();
      const j = q.data?.exportJob;
      if (!j) return setJob({ status: 'FAILED', progress: 0, error: userMessageOf(q.error) });
      setJob(j);
      if (j.status === 'RUNNING') timer.current = setTimeout(() => void poll(), 500);
    };
    await poll();
  }
  return { job, start };
}

/** Prints a form: starts the PDF export, shows its progress, then the download link. */
export function PrintButton({ campaignId, formId }: { campaignId: string; formId: string }) {
  const { job, start } = useExportJob();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button
        onClick={() => void start({ kind: 'RISK_FORM_PDF', campaignId, formId })}
        disabled={job?.status === 'RUNNING'}
      >
        打印（生成 PDF）
      </Button>
      <ExportProgress job={job} what="PDF" />
    </Space>
  );
}

/** An export's progress bar, then its download link, or why it failed. */
export function ExportProgress({ job, what }: { job: ExportJobState | undefined; what: string }) {
  return (
    <>
      {job && job.status !== 'FAILED' && (
        <Progress
          aria-label={`${what} 生成进度`}
          percent={Math.round(job.progress * 100)}
          status={job.status === 'DONE' ? 'success' : 'active'}
        />
      )}
      {job?.status === 'DONE' && job.downloadUrl && (
        <a href={job.downloadUrl} download>
          下载 {what}
        </a>
      )}
      {job?.status === 'FAILED' && <Alert type="error" title="生成失败" description={job.error} />}
    </>
  );
}
