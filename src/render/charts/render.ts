// Option → image: ECharts' server-side SVG renderer draws the chart, resvg rasterises it to PNG with the one
// bundled font (no system fonts, so every machine draws the same pixels).
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { packagePath } from '../../core/paths.js';
import { loadFontMetrics } from './font-metrics.js';
import { CHART_HEIGHT_PX, CHART_WIDTH_PX, COLORS, FONT_FAMILY, FONT_SIZE_PX, frameOption, type ChartOption } from './theme.js';

echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
]);

export interface ChartImage {
  png: Buffer;
  svg: string;
}

export const FONT_PATH = packagePath('assets', 'fonts', 'Inter-Regular.ttf');

let fontReady = false;

/** Checks the bundled font is there (resvg silently draws no text without it) and has ECharts measure text
 * with its real widths; once per process. */
function prepareFont(): void {
  if (fontReady) return;
  if (!existsSync(FONT_PATH)) throw new Error(`chart font missing: ${FONT_PATH} (assets/fonts/ ships with the package)`);
  const measure = loadFontMetrics(FONT_PATH);
  echarts.setPlatformAPI({
    measureText: (text: string, font?: string) => ({ width: measure(text, fontSizePx(font)) }),
  });
  fontReady = true;
}

/** The pixel size in a CSS font shorthand ("normal 18px Inter"); ECharts' default 12px when absent. */
function fontSizePx(font: string | undefined): number {
  const match = /(\d+(?:\.\d+)?)px/.exec(font ?? '');
  return match === null ? 12 : Number(match[1]);
}

/** Renders an option to SVG and PNG at the standard chart size. */
export function renderChart(option: ChartOption): ChartImage {
  prepareFont();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH_PX, height: CHART_HEIGHT_PX });
  let svg: string;
  try {
    chart.setOption(option);
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const png = new Resvg(svg, {
    font: { fontFiles: [FONT_PATH], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  })
    .render()
    .asPng();
  return { png, svg };
}

/** The chart's frame with a centred message such as "No odds data for this window" in place of the plot. */
export function renderNoData(title: string, message: string, caption: string): ChartImage {
  return renderChart(
    frameOption(title, null, caption, [
      {
        type: 'text',
        left: 'center',
        top: 'middle',
        silent: true,
        style: { text: message, fontFamily: FONT_FAMILY, fontSize: FONT_SIZE_PX.noData, fill: COLORS.axisLabel },
      },
    ]),
  );
}
