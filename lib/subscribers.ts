import { subscribeToRecordEvents } from '@/lib/records/record.events';
import { rollupsFollowRecordEvent } from '@/lib/records/rollup.compute';
import { workflowsFollowRecordEvent } from '@/lib/workflows/workflow.dispatcher';

/**
 * The one place record events get their subscribers: workflows (runs to start) and rollups
 * (recomputes to queue). Every entry point that writes records calls it once: the web app's
 * route wrapper, the worker, the scripts, the tests. Calling it again changes nothing.
 */
export function registerSubscribers(): void {
  subscribeToRecordEvents('workflows', workflowsFollowRecordEvent);
  subscribeToRecordEvents('rollups', rollupsFollowRecordEvent);
}
