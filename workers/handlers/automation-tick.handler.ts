import { automationTick } from '@/lib/workflows/workflow.scheduler';

/** Schedules, date reminders, approval timeouts and the sweep (lib/workflows/workflow.scheduler.ts). */
export async function automationTickHandler(): Promise<void> {
  await automationTick();
}
