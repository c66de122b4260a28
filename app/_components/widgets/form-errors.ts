import type { ErrorSchema } from '@rjsf/utils';
import type { FieldErrors } from '@/lib/validation/ajv-messages';

type ErrorNode = { __errors?: string[]; [key: string]: unknown };

/** "items.0.product", "items[0].product" and "/items/0/product" all name the same cell. */
function pathOf(field: string): string[] {
  return field.split(/[.[\]/]+/).filter(Boolean);
}

/**
 * The server's field errors as rjsf's extraErrors: nested paths become nested nodes, and
 * errors of the record as a whole ("" key) sit at the root.
 */
export function errorSchemaFromFields(fields: FieldErrors): ErrorSchema {
  const root: ErrorNode = {};
  for (const [field, messages] of Object.entries(fields)) {
    let node = root;
    for (const part of pathOf(field)) node = (node[part] ??= {}) as ErrorNode;
    node.__errors = [...(node.__errors ?? []), ...messages];
  }
  return root as ErrorSchema;
}

/**
 * Server errors stay beside the fields until the field is edited: the errors of every
 * top-level field whose value changed are dropped. Undefined when none are left.
 */
export function dropErrorsOfChangedFields(
  errors: ErrorSchema | undefined,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): ErrorSchema | undefined {
  if (!errors) return undefined;
  const kept: ErrorNode = {};
  for (const [key, node] of Object.entries(errors as ErrorNode)) {
    if (key === '__errors' || JSON.stringify(before[key]) === JSON.stringify(after[key])) kept[key] = node;
  }
  return Object.keys(kept).some((key) => key !== '__errors') || (kept.__errors?.length ?? 0) > 0 ? (kept as ErrorSchema) : undefined;
}

/** Every message below a node (not the node's own): a composite field shows its parts' errors. */
export function nestedMessages(errorSchema: ErrorSchema<unknown> | undefined): string[] {
  const messages: string[] = [];
  const walk = (node: ErrorNode) => {
    for (const [key, child] of Object.entries(node)) {
      if (key === '__errors' || typeof child !== 'object' || child === null) continue;
      messages.push(...((child as ErrorNode).__errors ?? []));
      walk(child as ErrorNode);
    }
  };
  if (errorSchema) walk(errorSchema as ErrorNode);
  return [...new Set(messages)];
}
