import type { StepKind } from './step-context';

export const stopStep: StepKind<'stop'> = {
  type: 'stop',
  label: { 'zh-CN': '结束', en: 'Stop' },
  description: { 'zh-CN': '流程到此结束（不再执行后面的步骤）', en: 'Ends the run here (no later step runs)' },
  group: 'flow',
  schema: { type: 'object', properties: { reason: { type: 'string', title: 'reason', maxLength: 200 } } },
  ui: {},
  defaults: () => ({}),
  problems: () => [],
  run: async (step) => ({ output: { stopped: true, reason: step.reason ?? null }, stop: true }),
};
