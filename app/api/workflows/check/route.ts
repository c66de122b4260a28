import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { checkWorkflow } from '@/lib/workflows/workflow.service';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';

/** POST {definition}: the designer's check as the admin edits; problems placed on their step. */
export const POST = apiRoute(async ({ req }) => ({ problems: await checkWorkflow((await readJsonObject(req)).definition as WorkflowDefinition) }), { system: 'design' });
