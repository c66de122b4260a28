/**
 * The forecast's arithmetic, pure so it can be checked by hand: Holt's linear exponential
 * smoothing (a level and a trend, each updated by a share of the latest error) and its
 * backtest, the mean absolute percentage error of one-month-ahead forecasts.
 */

export interface HoltFit {
  alpha: number;
  beta: number;
  level: number;
  trend: number;
  /** The one-step-ahead forecast made before each point (none before the first two). */
  fitted: (number | null)[];
  sse: number;
}

/**
 * Holt's method with given smoothing: level₀ = y₀, trend₀ = y₁ − y₀; then
 * levelₜ = α·yₜ + (1 − α)·(levelₜ₋₁ + trendₜ₋₁), trendₜ = β·(levelₜ − levelₜ₋₁) + (1 − β)·trendₜ₋₁;
 * the forecast h steps after the last point is level + h·trend.
 */
export function holt(series: number[], alpha: number, beta: number): HoltFit {
  if (series.length === 0) return { alpha, beta, level: 0, trend: 0, fitted: [], sse: 0 };
  let level = series[0];
  let trend = series.length > 1 ? series[1] - series[0] : 0;
  const fitted: (number | null)[] = [null];
  let sse = 0;
  for (let t = 1; t < series.length; t++) {
    const forecast = level + trend;
    fitted.push(t >= 2 ? forecast : null);
    if (t >= 2) sse += (series[t] - forecast) ** 2;
    const previous = level;
    level = alpha * series[t] + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
  }
  return { alpha, beta, level, trend, fitted, sse };
}

const GRID = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** Holt's method with α and β chosen on a 0.1 grid by the least sum of squared one-step errors. */
export function fitHolt(series: number[]): HoltFit {
  let best = holt(series, 0.5, 0.3);
  for (const alpha of GRID) {
    for (const beta of GRID) {
      const fit = holt(series, alpha, beta);
      if (fit.sse < best.sse - 1e-9) best = fit;
    }
  }
  return best;
}

/** Forecasts for the next `horizon` points; sales cannot fall below zero. */
export function forecastAhead(fit: HoltFit, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, index) => Math.max(0, fit.level + (index + 1) * fit.trend));
}

export interface Backtest {
  /** Mean absolute percentage error as a fraction (0.12 = 12 %); null when no tested month had sales. */
  mape: number | null;
  /** Months whose error counted (those with sales and at least two months before them). */
  months: number;
  forecasts: { index: number; actual: number; forecast: number }[];
}

/**
 * For each of the last `months` points: fit on the points before it only, forecast it one
 * step ahead, and compare. Months without sales cannot have a percentage error and are left
 * out, as are months with fewer than two before them.
 */
export function backtest(series: number[], months: number): Backtest {
  const forecasts: Backtest['forecasts'] = [];
  for (let index = Math.max(2, series.length - months); index < series.length; index++) {
    const [forecast] = forecastAhead(fitHolt(series.slice(0, index)), 1);
    forecasts.push({ index, actual: series[index], forecast });
  }
  const counted = forecasts.filter((point) => point.actual !== 0);
  const mape = counted.length === 0 ? null : counted.reduce((sum, point) => sum + Math.abs(point.actual - point.forecast) / Math.abs(point.actual), 0) / counted.length;
  return { mape, months: counted.length, forecasts };
}
