// Draws Chart.js charts to PNG in Node, without a browser: @napi-rs/canvas (Skia, prebuilt from
// npm) is the canvas, and the Inter font shipped in @expo-google-fonts/inter is registered by
// path, because a canvas without a registered font draws charts with no text at all.
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type ChartItem, type Plugin } from 'chart.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const FONT_FAMILY = 'Inter';

let ready = false;

/** Registers Chart.js's parts and the font once per process; throws if the font file is missing. */
function setUp(): void {
  if (ready) return;
  Chart.register(...registerables);
  for (const file of ['@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf', '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf']) {
    if (!GlobalFonts.registerFromPath(require.resolve(file), FONT_FAMILY)) throw new Error(`could not register the chart font ${file}`);
  }
  Chart.defaults.font.family = FONT_FAMILY;
  ready = true;
}

export type Theme = 'dark' | 'light';

/**
 * Opaque backgrounds, so a chart reads the same in Discord's dark and light themes: the dark
 * card is Discord's own dark grey, the light one white; text contrast is over 7:1 in both.
 */
export const THEMES = {
  dark: { background: '#2b2d31', text: '#f2f3f5', muted: '#b5bac1', grid: 'rgba(255,255,255,0.12)' },
  light: { background: '#ffffff', text: '#1f2328', muted: '#4e5058', grid: 'rgba(0,0,0,0.10)' },
} as const;

/** Series colours that keep 3:1 contrast against both backgrounds and stay apart for red-green blindness. */
export const SERIES = { page: '#5865f2', fans: '#1a9e5c', companies: '#d4820a', higher: '#1a9e5c', lower: '#d83c3e', neutral: '#8e9297' } as const;

function background(color: string): Plugin {
  return {
    id: 'background',
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}

export interface Drawing {
  width: number;
  height: number;
  theme: Theme;
  /** false draws every text transparent: only for tests that prove the labels are there. */
  text?: boolean;
}

/** Renders one chart configuration to a PNG. */
export function drawChart(config: ChartConfiguration, drawing: Drawing): Buffer {
  setUp();
  const canvas = createCanvas(drawing.width, drawing.height);
  const theme = THEMES[drawing.theme];
  const color = drawing.text === false ? 'rgba(0,0,0,0)' : theme.text;
  const previous = Chart.defaults.color;
  Chart.defaults.color = color;
  const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, {
    ...config,
    options: { ...config.options, animation: false, responsive: false, devicePixelRatio: 1 },
    plugins: [...(config.plugins ?? []), background(theme.background)],
  });
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
    Chart.defaults.color = previous;
  }
}
