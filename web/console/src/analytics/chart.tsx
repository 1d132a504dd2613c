/**
 * A Chart.js chart on a canvas (see web/README.md for why Chart.js). Only the parts the console
 * draws are registered, so the rest of the library stays out of the bundle. The chart is made
 * again when its configuration changes (new data, another language); its canvas carries a label
 * for screen readers, and the same numbers are in the tables and the CSV export.
 */
import { useEffect, useRef } from 'preact/hooks';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
// No animation: charts appear at once, and a screenshot never catches one half drawn.
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, sans-serif';

export function ChartCanvas({ config, label }: { config: ChartConfiguration; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current as HTMLCanvasElement, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

export const COLORS = {
  human: '#2563eb',
  bot: '#a855f7',
  messages: '#0d9488',
  rating: '#f59e0b',
};
