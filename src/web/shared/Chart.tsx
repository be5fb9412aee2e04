// ECharts, loaded on first use (its own chunk) and only the parts the pages draw: bars, lines, pies, maps.
import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

type Echarts = typeof import('echarts/core');
let loading: Promise<Echarts> | null = null;

function load(): Promise<Echarts> {
  loading ??= Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]).then(
    ([core, charts, components, renderers]) => {
      core.use([
        charts.BarChart, charts.LineChart, charts.PieChart, charts.MapChart,
        components.GridComponent, components.TooltipComponent, components.LegendComponent, components.TitleComponent, components.DatasetComponent,
        components.GeoComponent, components.VisualMapComponent,
        renderers.CanvasRenderer,
      ]);
      return core;
    },
  );
  return loading;
}

export type ChartOption = EChartsCoreOption;

/** Registers a GeoJSON map by name (for series of type 'map' / geo components). */
export async function registerMap(name: string, geoJson: object): Promise<void> {
  const ec = await load();
  ec.registerMap(name, geoJson as Parameters<Echarts['registerMap']>[1]);
}

/** Short animations: a dashboard is read at a glance. */
const withDefaults = (o: ChartOption): ChartOption => ({ animationDuration: 300, animationDurationUpdate: 200, ...o });

export function Chart({ option, height = 300, testId }: { option: ChartOption; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<Echarts['init']> | null>(null);
  const current = useRef(option);
  current.current = option;
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    void load().then((ec) => {
      if (disposed || !el.current) return;
      chart.current = ec.init(el.current, undefined, { renderer: 'canvas' });
      chart.current.setOption(withDefaults(current.current));
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(el.current);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    chart.current?.setOption(withDefaults(option), { notMerge: true });
  }, [option]);
  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
