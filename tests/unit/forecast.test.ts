import { describe, expect, it } from 'vitest';
import { backtest, fitHolt, forecastAhead, holt } from '@/lib/dashboards/forecast';

describe('forecast arithmetic', () => {
  it('smooths a series as computed by hand (Holt, α = 0.5, β = 0.5)', () => {
    // level0 = 10, trend0 = 12 − 10 = 2
    // t=1: forecast 12; level = .5·12 + .5·12 = 12; trend = .5·2 + .5·2 = 2
    // t=2: forecast 14 (error 14 − 14 = 0… y2 = 15: error 1); level = .5·15 + .5·14 = 14.5; trend = .5·2.5 + .5·2 = 2.25
    // t=3: forecast 16.75; y3 = 16: error −0.75; level = .5·16 + .5·16.75 = 16.375; trend = .5·1.875 + .5·2.25 = 2.0625
    const fit = holt([10, 12, 15, 16], 0.5, 0.5);
    expect(fit.fitted).toEqual([null, null, 14, 16.75]);
    expect(fit.level).toBeCloseTo(16.375, 10);
    expect(fit.trend).toBeCloseTo(2.0625, 10);
    expect(fit.sse).toBeCloseTo(1 + 0.5625, 10);
    expect(forecastAhead(fit, 2)).toEqual([18.4375, 20.5]);
  });

  it('never forecasts negative sales', () => {
    expect(forecastAhead(holt([30, 20, 10, 0], 0.5, 0.5), 2)).toEqual([0, 0]);
  });

  it('fits a straight line exactly and backtests it with no error', () => {
    const series = [100, 110, 120, 130, 140, 150, 160, 170, 180, 190];
    expect(forecastAhead(fitHolt(series), 3).map((value) => Math.round(value * 1e6) / 1e6)).toEqual([200, 210, 220]);
    const tested = backtest(series, 6);
    expect(tested.months).toBe(6);
    expect(tested.mape).toBeCloseTo(0, 10);
  });

  it('computes MAPE over the backtest months, skipping months without sales', () => {
    // Each tested month is forecast from the months before it only.
    const series = [100, 100, 100, 100, 0, 100, 120];
    const tested = backtest(series, 3);
    expect(tested.forecasts.map((point) => point.index)).toEqual([4, 5, 6]);
    const counted = tested.forecasts.filter((point) => point.actual !== 0);
    expect(tested.months).toBe(2);
    const expected = counted.reduce((sum, point) => sum + Math.abs(point.actual - point.forecast) / point.actual, 0) / 2;
    expect(tested.mape).toBeCloseTo(expected, 12);
    // The first forecast of a flat history is the flat value.
    expect(tested.forecasts[0].forecast).toBeCloseTo(100, 10);
    expect(backtest([0, 0, 0, 0], 3).mape).toBeNull();
  });
});
