import { apiRoute } from '@/lib/http/api-route';
import { STEP_KINDS } from '@/lib/workflows/steps/registry';
import { TRIGGER_KINDS } from '@/lib/workflows/triggers/registry';

/** GET: every trigger and step kind with its settings schema and form: the designer draws from this. */
export const GET = apiRoute(
  async () => ({
    triggers: Object.values(TRIGGER_KINDS).map((kind) => ({ key: kind.key, label: kind.label, description: kind.description, entity: kind.entity, schema: kind.schema, ui: kind.ui, defaults: kind.defaults() })),
    steps: Object.values(STEP_KINDS).map((kind) => ({ type: kind.type, label: kind.label, description: kind.description, group: kind.group, schema: kind.schema, ui: kind.ui, defaults: kind.defaults() })),
  }),
  { system: 'design' },
);
