import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, InputNumber, Result, Space, Spin, Typography } from 'antd';
import { useOpenCampaign } from '../common';
import { useMe } from '../me';

/**
 * The campaign an office page works on: `?campaign=` in the address (so links from a chart keep it, and a
 * page can be bookmarked), else the open campaign.
 */
export function useCampaignId(): { campaignId: string | null; loading: boolean } {
  const [params] = useSearchParams();
  const open = useOpenCampaign();
  const chosen = params.get('campaign');
  if (chosen) return { campaignId: chosen, loading: false };
  return { campaignId: open.campaign?.id ?? null, loading: open.loading };
}

/**
 * How often the office's live pages ask again: dashboards aggregate the read model, nothing pushes them, and a
 * unit's state is projected from its workflow a moment after a control.
 */
const REFRESH_MS = 5_000;

/** Re-runs a page's query every few seconds while it shows a campaign, so its counts and states follow. */
export function useLiveRefresh(
  campaignId: string | null,
  refetch: (opts: { requestPolicy: 'network-only' }) => void,
): void {
  useEffect(() => {
    if (!campaignId) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [campaignId, refetch]);
}

/** Switches the page to another year's campaign. */
export function CampaignPicker({ campaignId }: { campaignId: string | null }) {
  const [params, setParams] = useSearchParams();
  const [year, setYear] = useState<number | null>(campaignId ? Number(campaignId) : new Date().getFullYear());
  return (
    <Space wrap>
      <label htmlFor="campaign-year">活动年度</label>
      <InputNumber id="campaign-year" min={2000} max={2100} precision={0} value={year} onChange={setYear} />
      <Button
        disabled={!year || String(year) === campaignId}
        onClick={() => {
          const next = new URLSearchParams(params);
          next.set('campaign', String(year));
          setParams(next);
        }}
      >
        查看
      </Button>
    </Space>
  );
}

/** A link within the office pages that keeps the campaign. */
export function withCampaign(path: string, campaignId: string, extra: Record<string, string> = {}): string {
  return `${path}?${new URLSearchParams({ campaign: campaignId, ...extra }).toString()}`;
}

/** An empty list's text in the body colour: antd's default grey for it is below WCAG AA's contrast on white. */
export function none(text: string) {
  return <Typography.Text>{text}</Typography.Text>;
}

/**
 * A table's own sideways scroll on a phone (the page never scrolls sideways), focusable so that the keyboard
 * scrolls it too.
 */
export function Scroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </div>
  );
}

/** 2027、2028、2029、2031 → 2027–2029、2031: a calendar may span many years. */
export function yearRanges(years: number[]): string {
  const runs: [number, number][] = [];
  for (const y of years) {
    const last = runs.at(-1);
    if (last && last[1] === y - 1) last[1] = y;
    else runs.push([y, y]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join('、');
}

/**
 * A page for some roles only: anyone else sees a refusal instead of its controls (the gateway refuses their
 * operations anyway; this saves them a page of errors).
 */
export function RequireRoles({ roles, children }: { roles: readonly string[]; children: React.ReactNode }) {
  const me = useMe();
  if (!me) return <Spin />;
  if (!me.roles.some((g) => roles.includes(g.role)))
    return <Result status="403" title="无权访问" subTitle="此页面仅供领导小组办公室使用。" />;
  return children;
}
