import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useLayoutEffect, useRef } from 'react';

// Only what the dashboard draws is registered, so the lazily loaded chunk stays small. The SVG renderer keeps
// every label as real text: crisp in screenshots and printouts, and readable by tests and screen readers.
echarts.use([BarChart, LineChart, PieChart, AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | AriaComponentOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption
>;

/** A click on a data item, or on a category axis label (then without a series). */
export interface ChartClick {
  seriesIndex?: number | undefined;
  dataIndex: number;
}

interface RawClick {
  componentType?: string;
  targetType?: string;
  seriesIndex?: number;
  dataIndex?: number;
  value?: unknown;
}

/** Where a clicked category label sits in its axis' data, so a label opens the same list as its bars. */
function categoryIndex(option: ChartOption, axis: 'xAxis' | 'yAxis', value: unknown): number {
  const spec = option[axis];
  const first = Array.isArray(spec) ? spec[0] : spec;
  const data = first && 'data' in first && Array.isArray(first.data) ? first.data : [];
  return data.findIndex((item) => item === value || (typeof item === 'object' && item !== null && 'value' in item && item.value === value));
}

interface EChartProps {
  /** Names the chart for assistive technology and tests, e.g. 预警分布. */
  label: string;
  option: ChartOption;
  height: number;
  onClick?: (event: ChartClick) => void;
}

/** One ECharts chart in a div that follows its container's width; clicks on data items are reported. */
export function EChart({ label, option, height, onClick }: EChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickHandler = useRef(onClick);
  const currentOption = useRef(option);
  useLayoutEffect(() => {
    clickHandler.current = onClick;
    currentOption.current = option;
  });

  useEffect(() => {
    const element = host.current!;
    const instance = echarts.init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      const raw = params as unknown as RawClick;
      if ((raw.componentType === 'xAxis' || raw.componentType === 'yAxis') && raw.targetType === 'axisLabel') {
        const dataIndex = categoryIndex(currentOption.current, raw.componentType, raw.value);
        if (dataIndex >= 0) clickHandler.current?.({ dataIndex });
        return;
      }
      if (raw.componentType === 'series' && raw.dataIndex !== undefined) clickHandler.current?.({ seriesIndex: raw.seriesIndex, dataIndex: raw.dataIndex });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // ECharts cannot read CSS variables: hand it the font the page actually resolved, so CJK glyphs match the UI.
    const fontFamily = getComputedStyle(document.body).fontFamily;
    chart.current?.setOption({ aria: { enabled: true }, textStyle: { fontFamily }, ...option }, true);
  }, [option]);

  return (
    <div role="figure" aria-label={label} style={{ cursor: onClick ? 'pointer' : undefined }}>
      <div ref={host} style={{ width: '100%', height }} />
    </div>
  );
}
