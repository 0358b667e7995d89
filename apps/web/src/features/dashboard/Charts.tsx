import type { Dashboard } from '@lianxin/shared';
import { useEffect, useRef } from 'react';

/** ECharts, loaded only when a dashboard opens (core + the three pieces used, SVG renderer). */
async function loadEcharts() {
  const [core, charts, components, renderers] = await Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
  ]);
  core.use([
    charts.BarChart,
    charts.LineChart,
    components.GridComponent,
    components.TooltipComponent,
    components.LegendComponent,
    components.AriaComponent,
    renderers.SVGRenderer,
  ]);
  return core;
}

type Option = Record<string, unknown>;

/** One chart: a labelled figure whose option is rebuilt when the data changes; resizes with the page. */
export function Chart({
  option,
  label,
  height = 300,
  testId,
}: {
  option: Option;
  label: string;
  height?: number;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption(o: Option): void; resize(): void; dispose(): void } | undefined;
    const onResize = () => chart?.resize();
    void loadEcharts().then((echarts) => {
      if (disposed || !ref.current) return;
      chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
      chart.setOption(option);
      ref.current.dataset.ready = '1';
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={ref} className="dash-chart" role="img" aria-label={label} style={{ height }} data-testid={testId} />;
}

const PALETTE = ['#b71c1c', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f'];

/** Shared look: readable at 390 px (legend below, short month labels), no animation when asked. */
function base(animation: boolean): Option {
  return {
    animation,
    color: PALETTE,
    aria: { enabled: true },
    textStyle: { fontFamily: "system-ui, 'Noto Sans CJK SC', 'PingFang SC', sans-serif", fontSize: 13 },
    grid: { left: 8, right: 8, top: 24, bottom: 56, containLabel: true },
    legend: { bottom: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
    // Drawn on the canvas, never as HTML: series and category names are user text (node names).
    tooltip: { trigger: 'axis', renderMode: 'richText' },
  };
}

const shortMonth = (m: string) => `${Number(m.slice(5))}月`;

export function ordersOption(d: Dashboard, names: { placed: string; served: string; hours: string }, animation: boolean): Option {
  return {
    ...base(animation),
    xAxis: { type: 'category', data: d.months.map((m) => shortMonth(m.month)), axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', splitLine: { show: false }, minInterval: 1 },
    ],
    series: [
      { name: names.placed, type: 'bar', data: d.months.map((m) => m.ordersPlaced), barMaxWidth: 18 },
      { name: names.served, type: 'bar', data: d.months.map((m) => m.ordersServed), barMaxWidth: 18 },
      {
        name: names.hours,
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        symbolSize: 6,
        data: d.months.map((m) => Math.round(m.hoursMinutes / 60)),
      },
    ],
  };
}

export function councilOption(
  d: Dashboard,
  names: { raised: string; resolved: string; events: string; attendance: string },
  animation: boolean,
): Option {
  return {
    ...base(animation),
    color: ['#ef6c00', '#2e7d32', '#1565c0', '#6a1b9a'],
    xAxis: { type: 'category', data: d.months.map((m) => shortMonth(m.month)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: names.raised, type: 'bar', stack: 'issues', data: d.months.map((m) => m.issuesRaised), barMaxWidth: 18 },
      { name: names.resolved, type: 'bar', data: d.months.map((m) => m.issuesResolved), barMaxWidth: 18 },
      { name: names.events, type: 'line', data: d.months.map((m) => m.eventsHeld), symbolSize: 6 },
      { name: names.attendance, type: 'line', data: d.months.map((m) => m.eventAttendance), symbolSize: 6 },
    ],
  };
}

export function belowOption(d: Dashboard, name: string, animation: boolean): Option {
  const rows = [...d.children].sort((a, b) => a.total.ordersServed - b.total.ordersServed);
  return {
    ...base(animation),
    legend: { show: false },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', renderMode: 'richText' },
    xAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'category', data: rows.map((c) => c.name), axisLabel: { width: 110, overflow: 'truncate' } },
    series: [
      {
        name,
        type: 'bar',
        data: rows.map((c) => c.total.ordersServed),
        barMaxWidth: 20,
        label: { show: true, position: 'right' },
      },
    ],
  };
}
