import { useEffect, useRef } from 'react';
import type { ComposeOption, ECharts } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** What was clicked: the category (x value or pie slice) and the series. */
export interface ChartClick {
  name: string;
  seriesName?: string;
  seriesIndex?: number;
  dataIndex: number;
}

/**
 * An ECharts chart. ECharts loads with the first chart shown (a chunk of its own), so neither sign-in nor the
 * pages without charts download it. A canvas says nothing to a screen reader: `label` describes the chart,
 * and every page with a chart lists the same figures (and the way through to them) as text too.
 */
export function Chart({
  option,
  label,
  height = 280,
  onClick,
}: {
  option: ChartOption;
  label: string;
  height?: number;
  onClick?: (c: ChartClick) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts>(undefined);
  const click = useRef(onClick);
  click.current = onClick;
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    let live = true;
    let observer: ResizeObserver | undefined;
    void import('./echarts').then(({ echarts }) => {
      if (!live || !box.current) return;
      const c = echarts.init(box.current, undefined, { renderer: 'canvas' });
      c.setOption(latest.current);
      c.on('click', (p) => click.current?.(p as unknown as ChartClick));
      observer = new ResizeObserver(() => c.resize());
      observer.observe(box.current);
      chart.current = c;
    });
    return () => {
      live = false;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    // notMerge: a series that disappeared (e.g. a status no form has any more) must go from the chart too.
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      style={{ height, width: '100%', cursor: onClick ? 'pointer' : undefined }}
    />
  );
}
