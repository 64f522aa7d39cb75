import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, InputNumber, Space } from 'antd';
import { useOpenCampaign } from '../common';

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
