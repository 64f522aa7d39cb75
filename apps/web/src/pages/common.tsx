import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useClient } from 'urql';
import type { CombinedError } from 'urql';
import { Alert, Button, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { graphql } from '../gql';
import { thenSay, userMessageOf } from '../lib/errors';
import type { ServerFieldError } from '../lib/form-state';

const CampaignQuery = graphql(`
  query Campaign($id: ID!) {
    campaign(id: $id) {
      id
      year
      status
      currentPhase
    }
  }
`);

type Campaign = { id: string; year: number; status: string };

/**
 * The campaign to work in: the one a link names (`?campaign=`, as the office's pages do), else, since campaigns
 * are named by year and the annual one is launched late in the year before, next year's running campaign
 * first, then this year's.
 */
export function useOpenCampaign(): { campaign: Campaign | null; loading: boolean } {
  const client = useClient();
  const [params] = useSearchParams();
  const linked = Number(params.get('campaign')) || null;
  const [state, setState] = useState<{ campaign: Campaign | null; loading: boolean }>({
    campaign: null,
    loading: true,
  });
  useEffect(() => {
    let live = true;
    const year = new Date().getFullYear();
    void (async () => {
      const found: Campaign[] = [];
      for (const y of linked ? [linked] : [year + 1, year]) {
        const r = await client.query(CampaignQuery, { id: String(y) }, { requestPolicy: 'network-only' }).toPromise();
        if (r.data?.campaign) found.push(r.data.campaign);
      }
      if (live) setState({ campaign: found.find((c) => c.status === 'RUNNING') ?? found[0] ?? null, loading: false });
    })();
    return () => {
      live = false;
    };
  }, [client, linked]);
  return state;
}

/**
 * A list's empty text in the secondary colour: antd draws it in the disabled grey, below WCAG AA's contrast.
 */
export const emptyLocale = (text: string) => ({
  emptyText: <Typography.Text type="secondary">{text}</Typography.Text>,
});

/** Solid tag colours whose white text passes WCAG AA (antd's light green, orange and gold presets do not). */
export const SOLID = { red: '#a8071a', orange: '#ad4e00', green: '#237804' };

/** A form's status tag colour, the same on every page (solid colours keep white text readable). */
export const FORM_STATUS_COLOURS: Record<string, string | undefined> = {
  SUBMITTED: '#0958d9',
  RETURNED: SOLID.red,
  APPROVED: SOLID.green,
};

/** A post's grade tag colour: A (the most exposed) red, B orange, C green. */
export const POST_GRADE_COLOURS: Record<string, string> = { A: SOLID.red, B: SOLID.orange, C: SOLID.green };

/** A delivery's state tag colour: sent green, a dead letter red, retrying orange; waiting and the rest neutral. */
export function deliveryColour(d: { status: string; attempts: number }): string | undefined {
  if (d.status === 'SENT' || d.status === 'DIGESTED') return SOLID.green;
  if (d.status === 'DEAD') return SOLID.red;
  if (d.status === 'PENDING' && d.attempts > 0) return SOLID.orange;
  return undefined;
}

/** The code of a GraphQL error (`extensions.code`), e.g. CONFLICT or VALIDATION_FAILED. */
export function errorCode(error: CombinedError | undefined): string | undefined {
  return error?.graphQLErrors.find((e) => typeof e.extensions?.code === 'string')?.extensions.code as
    string | undefined;
}

export function fieldErrorsOf(error: CombinedError | undefined): ServerFieldError[] {
  return error?.graphQLErrors.flatMap((e) => (e.extensions?.fieldErrors as ServerFieldError[] | undefined) ?? []) ?? [];
}

/**
 * Puts the server's field errors, in the server's Chinese, at their form items: a field error names the input's
 * field (`text`) or its path (`input.text`).
 */
export function placeFieldErrors(form: FormInstance, error: CombinedError | undefined): void {
  form.setFields(fieldErrorsOf(error).map((e) => ({ name: e.field.split('.').pop()!, errors: [e.message] })));
}

/**
 * A server error in words for the person: a title by its code, and the server's Chinese for this refusal
 * (`userMessageOf`). `explain` replaces that for some codes (NETWORK: no answer at all), where a page says
 * it better, e.g. for the public.
 */
export function ErrorNotice({
  error,
  explain,
  note,
}: {
  error: CombinedError | undefined;
  explain?: Partial<Record<string, string>>;
  /** Said after whatever the refusal was (e.g. that what was typed is kept). */
  note?: string;
}) {
  if (!error) return null;
  const code = errorCode(error);
  const title =
    code === 'FORBIDDEN'
      ? '没有权限执行此操作'
      : code === 'CONFLICT'
        ? '数据已被他人修改，请刷新后重试'
        : code === 'VALIDATION_FAILED'
          ? '填写有误，请按提示修改'
          : code === 'RATE_LIMITED'
            ? '操作过于频繁，请稍后再试'
            : '操作失败';
  const description = explain?.[code ?? (error.networkError ? 'NETWORK' : '')] ?? userMessageOf(error);
  return <Alert type="error" showIcon title={title} description={thenSay(description, note)} />;
}

/**
 * Paging through a keyset list: the cursors of the pages before this one (so 上一页 goes back), the cursor to
 * ask with, and the two buttons under the list.
 */
export function useCursorPages(): {
  after: string | null;
  reset: () => void;
  pager: (pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined) => React.ReactNode;
} {
  const [trail, setTrail] = useState<string[]>([]);
  return {
    after: trail.at(-1) ?? null,
    reset: () => setTrail([]),
    pager: (pageInfo) => (
      <Space style={{ marginTop: 8 }}>
        <Button disabled={!trail.length} onClick={() => setTrail(trail.slice(0, -1))}>
          上一页
        </Button>
        <Button
          disabled={!pageInfo?.hasNextPage}
          onClick={() => pageInfo?.endCursor && setTrail([...trail, pageInfo.endCursor])}
        >
          下一页
        </Button>
      </Space>
    ),
  };
}
