import { describe, expect, it } from 'vitest';
import { packDashboardProblems } from '../support/dashboards';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import { definitionProblems } from '@/lib/entities/definition-problems';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import { translator } from '@/lib/i18n/messages';
import { computeFormulas } from '@/lib/records/record.compute';
import { normaliseValue, storedRecordErrors } from '@/lib/records/record.validation';
import { loadTemplatePack } from '@/lib/templates/template.installer';
import type { TemplatePack } from '@/lib/templates/template.types';
import { workflowProblems } from '@/lib/workflows/workflow.service';
import type { WorkflowAction, WorkflowDefinition } from '@/lib/workflows/workflow.types';
import { allSteps } from '@/lib/workflows/steps/registry';

/**
 * The shipped packs checked without a database: every definition is publishable, every
 * reference (relations, rollups, workflow fields and placeholders, charts, entity actions)
 * lands on something the pack itself defines, every label speaks both languages, and the demo
 * data passes the entities' own validation and formulas.
 */

const TEMPLATES = path.join(process.cwd(), 'templates');
const PACKS = readdirSync(TEMPLATES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
/** The platform's roles; a pack's fields may also name the roles the pack ships (roles/<key>.json). */
const ROLES = ['admin', 'manager', 'staff'];
const SYSTEM_PLACEHOLDERS = new Set(['id', 'ownerId', 'createdBy']);
const en = translator('en');

type Extended = Omit<FieldDefinition, 'fields'> & {
  fields?: Extended[];
  rollup?: { entity: string; match: Record<string, string>; field?: string; fn: string; where?: Record<string, unknown>; precision?: number };
};
type EntityAction = { key: string; label: Record<string, string>; workflow: string; visibleWhen?: { field: string; in: unknown[] }; roles?: string[] };
type Entity = Omit<EntityDefinition, 'fields' | 'actions'> & { actions?: EntityAction[]; fields: Extended[] };
type Trigger = WorkflowDefinition['trigger'] & { action?: string; changed?: string[] };
type Workflow = WorkflowDefinition & { trigger: Trigger; result?: string };
type AnyAction = WorkflowAction & { forEach?: string; match?: Record<string, unknown>; target?: string; entity?: string; values?: Record<string, unknown> };
type AnyTrigger = { entity?: string; when?: Record<string, unknown>; changed?: string[] };

type Pack = Omit<TemplatePack, 'entities' | 'workflows'> & { entities: Entity[]; workflows: Workflow[] };
const packs = new Map<string, Pack>();
async function pack(key: string): Promise<Pack> {
  if (!packs.has(key)) packs.set(key, (await loadTemplatePack(key)) as unknown as Pack);
  return packs.get(key)!;
}
const asDefinition = (entity: Entity) => entity as unknown as EntityDefinition;

function json(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Every localized text (label, title, name, help, description, confirm) in a definition, with where it is. */
function localizedTexts(value: unknown, where: string, out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(value)) value.forEach((item, index) => localizedTexts(item, `${where}[${index}]`, out));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (['label', 'title', 'name', 'help', 'description', 'confirm'].includes(key) && typeof inner === 'object') out.push([`${where}.${key}`, inner]);
      else localizedTexts(inner, `${where}.${key}`, out);
    }
  }
  return out;
}

const placeholders = (value: unknown): string[] =>
  typeof value === 'string' ? [...value.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g)].map((match) => match[1]) : [];

describe.each(PACKS)('template pack %s', (key) => {
  const root = path.join(TEMPLATES, key);

  it('has a manifest that lists every file of the pack, dependencies first', async () => {
    const manifest = json(path.join(root, 'manifest.json'));
    expect(manifest.key).toBe(key);
    expect(Number.isInteger(manifest.version) && manifest.version >= 1).toBe(true);
    for (const text of [manifest.name, manifest.description]) expect(text['zh-CN'] && text.en).toBeTruthy();
    for (const kind of ['entities', 'workflows', 'dashboards']) {
      const dir = path.join(root, kind);
      const files = existsSync(dir) ? readdirSync(dir).map((file) => file.replace(/\.json$/, '')).sort() : [];
      expect([...manifest[kind]].sort(), kind).toEqual(files);
    }
    const demo = existsSync(path.join(root, 'demo')) ? readdirSync(path.join(root, 'demo')).map((file) => file.replace(/\.json$/, '')).sort() : [];
    expect([...(manifest.demo ?? [])].sort()).toEqual(demo);
    expect(demo).toEqual(['en', 'zh-CN']);

    const { entities } = await pack(key);
    entities.forEach((entity, index) => {
      const earlier = new Set(entities.slice(0, index + 1).map((e) => e.key));
      for (const field of entity.fields.flatMap((f) => [f, ...(f.fields ?? [])])) {
        if (field.type === 'relation') expect(earlier.has(field.relation!.entity), `${entity.key}.${field.key} → ${field.relation!.entity}`).toBe(true);
      }
    });
  });

  it('has only publishable entity definitions, labelled in Chinese and English', async () => {
    const { entities } = await pack(key);
    for (const entity of entities) {
      expect(definitionProblems(asDefinition(entity)), entity.key).toEqual([]);
      expect(entity.template).toBe(key);
      for (const [where, text] of localizedTexts(entity, entity.key)) {
        const both = text as Record<string, string>;
        expect(Boolean(both['zh-CN']?.trim() && both.en?.trim()), where).toBe(true);
      }
    }
  });

  it('points relations, rollups, transitions, role limits and entity actions at what exists', async () => {
    const { entities, workflows } = await pack(key);
    const shipped = ((await pack(key)) as unknown as { roles?: { key: string }[] }).roles ?? [];
    const known = [...ROLES, ...shipped.map((role) => role.key)];
    const byKey = new Map(entities.map((entity) => [entity.key, entity]));
    for (const entity of entities) {
      const fieldKeys = new Set(entity.fields.map((field) => field.key));
      for (const field of entity.fields.flatMap((f) => [f, ...(f.fields ?? [])])) {
        const where = `${entity.key}.${field.key}`;
        if (field.type === 'relation') expect(byKey.has(field.relation!.entity), where).toBe(true);
        if (field.visibleTo) expect(field.visibleTo.every((role) => known.includes(role)), where).toBe(true);
        if (field.transitions) {
          const values = new Set(field.options!.map((option) => option.value));
          for (const [from, to] of Object.entries(field.transitions)) {
            expect(values.has(from), `${where}: ${from}`).toBe(true);
            for (const target of to) expect(values.has(target), `${where}: ${from} → ${target}`).toBe(true);
          }
        }
        if (field.rollup) {
          const source = byKey.get(field.rollup.entity);
          expect(source, where).toBeDefined();
          const sourceField = (name: string) => source!.fields.find((candidate) => candidate.key === name);
          expect(['sum', 'count', 'min', 'max']).toContain(field.rollup.fn);
          expect(Object.keys(field.rollup.match).length, where).toBeGreaterThan(0);
          for (const [from, to] of Object.entries(field.rollup.match)) {
            expect(from === 'ownerId' || Boolean(sourceField(from)), `${where}: source field ${from}`).toBe(true);
            expect(to === 'id' || fieldKeys.has(to), `${where}: own field ${to}`).toBe(true);
          }
          if (field.rollup.field) {
            const summed = sourceField(field.rollup.field);
            const numeric = summed && (['number', 'money', 'percent'].includes(summed.type) || (summed.type === 'formula' && summed.formula?.result !== 'text'));
            expect(numeric, `${where}: sums ${field.rollup.field}`).toBeTruthy();
          } else expect(field.rollup.fn, where).toBe('count');
          for (const [name, value] of Object.entries(field.rollup.where ?? {})) {
            const filtered = sourceField(name);
            expect(filtered, `${where}: where ${name}`).toBeDefined();
            if (filtered?.options) for (const v of [value].flat()) expect(filtered.options.map((o) => o.value), `${where}: where ${name}`).toContain(v);
          }
        }
      }
      for (const action of entity.actions ?? []) {
        const workflow = workflows.find((candidate) => candidate.key === action.workflow);
        expect(workflow, `${entity.key} action ${action.key}`).toBeDefined();
        expect(workflow!.trigger).toMatchObject({ entity: entity.key, event: 'action', action: action.key });
        if (action.visibleWhen) expect(fieldKeys.has(action.visibleWhen.field)).toBe(true);
        expect(action.label['zh-CN'] && action.label.en).toBeTruthy();
      }
    }
  });

  it('has workflows whose fields, placeholders and values fit the entities they touch', async () => {
    const { entities, workflows } = await pack(key);
    const byKey = new Map(entities.map((entity) => [entity.key, entity]));
    for (const workflow of workflows) {
      const where = workflow.key;
      expect(workflowProblems(workflow), where).toEqual([]);
      const triggerSettings = workflow.trigger as AnyTrigger;
      const trigger = byKey.get(triggerSettings.entity ?? '');
      expect(trigger, where).toBeDefined();
      const triggerField = (name: string) => trigger!.fields.find((field) => field.key === name);
      for (const name of [...Object.keys(triggerSettings.when ?? {}), ...(triggerSettings.changed ?? [])]) expect(triggerField(name), `${where}: trigger field ${name}`).toBeDefined();
      for (const [name, value] of Object.entries(triggerSettings.when ?? {})) {
        const options = triggerField(name)?.options;
        if (options) expect(options.map((o) => o.value), `${where}: when ${name}`).toContain(value);
      }
      const earlier = new Map<string, string>();
      for (const action of allSteps(workflow.actions) as AnyAction[]) {
        // Record steps are checked here against the entities they write; the other kinds check themselves (workflowProblems).
        if (!['create_record', 'update_record', 'upsert_record'].includes(action.type)) {
          earlier.set(action.id, '');
          continue;
        }
        const targetKey = action.type === 'update_record'
          ? action.target === 'trigger' ? trigger!.key
            : action.target!.startsWith('{{actions.') ? earlier.get(action.target!.slice(10, -2))!
            : triggerField(action.target!.slice(2, -2))?.relation?.entity
          : action.entity;
        const target = byKey.get(targetKey ?? '');
        expect(target, `${where}/${action.id}: target entity`).toBeDefined();
        earlier.set(action.id, target!.key);
        const rows = action.forEach ? triggerField(action.forEach) : undefined;
        if (action.forEach) expect(rows?.type, `${where}/${action.id}: forEach`).toBe('subtable');
        const written = { ...(action.match ?? {}), ...(action.values ?? {}) };
        for (const [name, value] of Object.entries(written)) {
          const field = target!.fields.find((candidate) => candidate.key === name);
          expect(field && !fieldType(field.type).computed, `${where}/${action.id}: writes ${target!.key}.${name}`).toBeTruthy();
          if (field?.options && typeof value === 'string' && placeholders(value).length === 0) expect(field.options.map((o) => o.value), `${where}/${action.id}: ${name}`).toContain(value);
          for (const name of placeholders(value)) {
            if (name.startsWith('row.')) expect(rows?.fields?.some((column) => column.key === name.slice(4)), `${where}/${action.id}: {{${name}}}`).toBe(true);
            else if (name.startsWith('actions.') || name.startsWith('steps.')) expect(earlier.has(name.split('.')[1]), `${where}/${action.id}: {{${name}}}`).toBe(true);
            else if (name.startsWith('vars.') || name.startsWith('old.') || name.startsWith('payload')) continue;
            else expect(SYSTEM_PLACEHOLDERS.has(name) || Boolean(triggerField(name)), `${where}/${action.id}: {{${name}}}`).toBe(true);
          }
        }
      }
      if (workflow.result) expect(earlier.has(workflow.result)).toBe(true);
      for (const [text_where, text] of localizedTexts(workflow, where)) expect(Boolean((text as any)['zh-CN'] && (text as any).en), text_where).toBe(true);
    }
  });

  it('has dashboards whose widgets measure and group fields that allow it, titled in both languages', async () => {
    const { entities, dashboards } = await pack(key);
    expect(dashboards.length).toBeGreaterThan(0);
    for (const dashboard of dashboards) {
      expect(packDashboardProblems(dashboard, entities as unknown as EntityDefinition[]), dashboard.key).toEqual([]);
      for (const widget of dashboard.widgets) expect(widget.title['zh-CN'] && widget.title.en, `${dashboard.key}/${widget.id}`).toBeTruthy();
    }
  });

  it.each(['zh-CN', 'en'])('has %s demo data that the entities accept', async (locale) => {
    const { entities } = await pack(key);
    const byKey = new Map(entities.map((entity) => [entity.key, entity]));
    const demo: Record<string, Record<string, unknown>[]> = json(path.join(root, 'demo', `${locale}.json`));
    const order = entities.map((entity) => entity.key);
    const ids = new Map<string, { entity: string; id: string }>(); // $id → entity, fake ObjectId
    const me = new ObjectId().toHexString();
    let previous = -1;
    for (const [entityKey, records] of Object.entries(demo)) {
      const def = byKey.get(entityKey);
      expect(def, `demo entity ${entityKey}`).toBeDefined();
      expect(order.indexOf(entityKey), `${entityKey} comes after its dependencies`).toBeGreaterThanOrEqual(0);
      previous = Math.max(previous, order.indexOf(entityKey));
      expect(records.length, entityKey).toBeGreaterThanOrEqual(3);
      const uniques = new Map<string, Set<string>>();
      for (const record of records) {
        const where = `${entityKey}/${record.$id}`;
        expect(typeof record.$id, where).toBe('string');
        const localKey = `${entityKey}:${record.$id}`;
        expect(ids.has(localKey), `${where} twice`).toBe(false);
        const resolve = (field: FieldDefinition, value: unknown): unknown => {
          if (field.type === 'user') return value === '$me' ? me : value;
          if (field.type !== 'relation') return value;
          const one = (item: unknown) => {
            const $ref = (item as { $ref?: string })?.$ref;
            expect(typeof $ref, `${where}.${field.key} is a $ref`).toBe('string');
            const target = ids.get(`${field.relation!.entity}:${$ref}`);
            expect(target, `${where}.${field.key} → ${field.relation!.entity} ${$ref} defined earlier`).toBeDefined();
            return target?.id;
          };
          return Array.isArray(value) ? value.map(one) : one(value);
        };
        const data: Record<string, unknown> = {};
        for (const [name, raw] of Object.entries(record)) {
          if (name === '$id') continue;
          const field = def!.fields.find((candidate) => candidate.key === name);
          expect(field && !fieldType(field.type).computed, `${where}: ${name} is a field it can write`).toBeTruthy();
          let value = resolve(field!, raw);
          if (field!.type === 'subtable' && Array.isArray(raw)) {
            value = raw.map((row: Record<string, unknown>) =>
              Object.fromEntries(Object.entries(row).map(([column, cell]) => [column, resolve(field!.fields!.find((c) => c.key === column)!, cell)])),
            );
          }
          data[name] = normaliseValue(field!, value);
          if (field!.unique) {
            const seen = uniques.get(name) ?? new Set();
            const comparable = String(data[name]).toLowerCase().replace(field!.type === 'phone' ? /\D/g : /\s+/g, '');
            expect(seen.has(comparable), `${where}: ${name} repeats`).toBe(false);
            uniques.set(name, seen.add(comparable));
          }
        }
        for (const field of def!.fields) {
          if (field.required && !fieldType(field.type).computed && field.default === undefined && !field.visibleWhen) expect(data[field.key], `${where}: ${field.key} is required`).toBeDefined();
        }
        expect(storedRecordErrors(asDefinition(def!), data, en), where).toBeNull();
        expect(() => computeFormulas(asDefinition(def!), data), where).not.toThrow();
        ids.set(localKey, { entity: entityKey, id: new ObjectId().toHexString() });
      }
    }
  });
});

describe('sales-crm v3', () => {
  it('keeps every customer and task field of v2 with its key and type, so installed records upgrade as they are', async () => {
    const v2 = {
      customer: 'code:autonumber name:text status:select level:select industry:select source:select tags:multiselect phone:phone email:email website:url address:address annualRevenue:money lostReason:textarea notes:textarea',
      task: 'title:text customer:relation assignee:user dueDate:date priority:select status:select completedAt:datetime notes:textarea',
    };
    const { manifest, entities } = await pack('sales-crm');
    expect(manifest.version).toBeGreaterThanOrEqual(3);
    for (const [entityKey, fields] of Object.entries(v2)) {
      const def = entities.find((entity) => entity.key === entityKey)!;
      const now = new Map(def.fields.map((field) => [field.key, field.type]));
      for (const pair of fields.split(' ')) {
        const [fieldKey, type] = pair.split(':');
        expect(now.get(fieldKey), `${entityKey}.${fieldKey}`).toBe(type);
      }
    }
    const customer = entities.find((entity) => entity.key === 'customer')!;
    expect(customer.version).toBeGreaterThan(2);
    expect(customer.fields.filter((field) => field.unique).map((field) => field.key)).toEqual(['name', 'phone']);
    const product = entities.find((entity) => entity.key === 'product')!;
    expect(product.fields.find((field) => field.key === 'cost')?.visibleTo).toEqual(['admin', 'manager', 'sales_manager', 'sales_director', 'finance']);
  });

  it('computes an order: line amounts with discounts, subtotal, discounts, total, received and balance, to the fen', async () => {
    const order = (await pack('sales-crm')).entities.find((entity) => entity.key === 'order')!;
    const lines = [
      { product: new ObjectId().toHexString(), quantity: 3, unitPrice: 199_99, discount: 10 }, // 599.97 → 539.973 → 539.97
      { product: new ObjectId().toHexString(), quantity: 2.5, unitPrice: 80_00, discount: 12.5 }, // 200.00 → 175.00
      { product: new ObjectId().toHexString(), quantity: 7, unitPrice: 13_33 }, // 93.31, no discount
    ];
    const data: Record<string, unknown> = { lines, extraDiscount: 8_28, payments: [{ date: '2026-11-20', amount: 300_00 }, { date: '2026-11-25', amount: 100_00 }] };
    for (const field of order.fields) if (field.key in data) data[field.key] = normaliseValue(field as FieldDefinition, data[field.key]);
    computeFormulas(asDefinition(order), data);
    expect((data.lines as Record<string, unknown>[]).map((line) => [line.listAmount, line.amount])).toEqual([
      [599_97, 539_97],
      [200_00, 175_00],
      [93_31, 93_31],
    ]);
    expect(data.subtotal).toBe(893_28);
    expect(data.discountTotal).toBe(893_28 - 808_28 + 8_28);
    expect(data.total).toBe(800_00);
    expect(data.received).toBe(400_00);
    expect(data.balance).toBe(400_00);
  });

  it('gives each opportunity stage its probability and weights the amount by it', async () => {
    const opportunity = (await pack('sales-crm')).entities.find((entity) => entity.key === 'opportunity')!;
    const expected: Record<string, [number, number]> = {
      qualification: [10, 10_000_00], needs_analysis: [30, 30_000_00], proposal: [50, 50_000_00], negotiation: [75, 75_000_00], won: [100, 100_000_00], lost: [0, 0],
    };
    for (const [stage, [probability, weighted]] of Object.entries(expected)) {
      const data: Record<string, unknown> = { stage, amount: 100_000_00 };
      computeFormulas(asDefinition(opportunity), data);
      expect([data.probability, data.weightedAmount], stage).toEqual([probability, weighted]);
    }
  });

  it('signs stock movements: in adds, out takes away, an adjustment counts as entered', async () => {
    for (const [packKey, entityKey] of [['sales-crm', 'stock_movement'], ['purchasing', 'pur_stock_movement']]) {
      const movement = (await pack(packKey)).entities.find((entity) => entity.key === entityKey)!;
      const signed = (type: string, quantity: number) => {
        const data: Record<string, unknown> = { type, quantity };
        computeFormulas(asDefinition(movement), data);
        return data.signedQuantity;
      };
      expect([signed('in', 5), signed('out', 5), signed('out', -5), signed('adjustment', -2.5), signed('adjustment', 3)]).toEqual([5, -5, -5, -2.5, 3]);
    }
  });
});

describe('sales-crm role presets', () => {
  it('ships sales rep (own), sales manager (department), sales director (all), finance and warehouse, each a valid role naming real entities and fields', async () => {
    const { roleProblems } = await import('@/lib/permissions/role.service');
    const loaded = (await loadTemplatePack('sales-crm')) as unknown as { roles: { key: string; entities: Record<string, { readScope: string }>; fields: Record<string, Record<string, string>> }[]; entities: { key: string; fields: { key: string }[] }[] };
    expect(loaded.roles.map((role) => role.key)).toEqual(['sales_rep', 'sales_manager', 'sales_director', 'finance', 'warehouse']);
    const entities = new Map(loaded.entities.map((entity) => [entity.key, new Set(entity.fields.map((field) => field.key))]));
    for (const role of loaded.roles) {
      expect(roleProblems(role), role.key).toEqual([]);
      for (const entity of Object.keys(role.entities)) expect(entity === '*' || entities.has(entity), `${role.key}: ${entity}`).toBe(true);
      for (const [entity, rules] of Object.entries(role.fields)) for (const field of Object.keys(rules)) expect(entities.get(entity)?.has(field), `${role.key}: ${entity}.${field}`).toBe(true);
    }
    const scope = (key: string) => loaded.roles.find((role) => role.key === key)!.entities.customer?.readScope;
    expect([scope('sales_rep'), scope('sales_manager'), scope('sales_director')]).toEqual(['own', 'subdepartments', 'all']);
  });
});
