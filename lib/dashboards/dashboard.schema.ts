import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { Translate } from '@/lib/i18n/messages';
import { messageForAjvError } from '@/lib/validation/ajv-messages';
import { FILTER_OPERATORS } from '@/lib/fields/field.types';
import { DASHBOARD_FILTER_KINDS, MEASURE_FNS, WIDGET_KINDS } from '@/lib/dashboards/dashboard.types';
import { BUCKETS, DATE_PRESETS } from '@/lib/dashboards/time-buckets';
import { settingError } from '@/lib/dashboards/query-compile';

/**
 * The shape of dashboards and widget queries, as JSON Schema. Every object is closed
 * (additionalProperties: false), so a made-up setting such as `"aggregate": "sum"` is a 400
 * naming it instead of being stored and ignored. What depends on the entities (fields,
 * aggregations, dimensions) is checked by compileQuery.
 */
const KEY = '^[a-z][a-z0-9_-]{0,47}$';
const text = { type: 'string', maxLength: 200 };
const localized = { type: 'object', properties: { 'zh-CN': text, en: text }, required: ['zh-CN', 'en'], additionalProperties: false };
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

const definitions = {
  filterGroup: {
    type: 'object',
    properties: {
      match: { enum: ['all', 'any'] },
      conditions: {
        type: 'array',
        maxItems: 20,
        items: {
          type: 'object',
          properties: { field: { type: 'string', maxLength: 64 }, op: { enum: FILTER_OPERATORS }, value: {} },
          required: ['field', 'op'],
          additionalProperties: false,
        },
      },
      groups: { type: 'array', maxItems: 10, items: { $ref: '#/$defs/filterGroup' } },
    },
    required: ['match', 'conditions'],
    additionalProperties: false,
  },
  measure: {
    type: 'object',
    properties: {
      fn: { enum: MEASURE_FNS },
      field: { type: 'string', maxLength: 64 },
      filter: { $ref: '#/$defs/filterGroup' },
      label: localized,
      of: { $ref: '#/$defs/measure' },
      per: { $ref: '#/$defs/measure' },
    },
    required: ['fn'],
    additionalProperties: false,
  },
  dimension: {
    type: 'object',
    properties: {
      field: { type: 'string', maxLength: 64 },
      bucket: { enum: BUCKETS },
      top: { type: 'integer', minimum: 1, maximum: 50 },
      other: { type: 'boolean' },
      label: localized,
    },
    required: ['field'],
    additionalProperties: false,
  },
  dateRange: {
    type: 'object',
    properties: { field: { type: 'string', maxLength: 64 }, preset: { enum: DATE_PRESETS }, from: day, to: day },
    required: ['field'],
    additionalProperties: false,
  },
  query: {
    type: 'object',
    properties: {
      entity: { type: 'string', maxLength: 48 },
      measures: { type: 'array', minItems: 1, maxItems: 6, items: { $ref: '#/$defs/measure' } },
      dimensions: { type: 'array', maxItems: 2, items: { $ref: '#/$defs/dimension' } },
      filter: { $ref: '#/$defs/filterGroup' },
      dateRange: { $ref: '#/$defs/dateRange' },
      onlyMine: { type: 'boolean' },
      sort: { enum: ['value', 'label'] },
    },
    required: ['entity', 'measures'],
    additionalProperties: false,
  },
  datedQuery: {
    type: 'object',
    properties: {
      entity: { type: 'string', maxLength: 48 },
      measures: { type: 'array', minItems: 1, maxItems: 1, items: { $ref: '#/$defs/measure' } },
      filter: { $ref: '#/$defs/filterGroup' },
      onlyMine: { type: 'boolean' },
      dateField: { type: 'string', maxLength: 64 },
    },
    required: ['entity', 'measures', 'dateField'],
    additionalProperties: false,
  },
  widget: {
    type: 'object',
    properties: {
      id: { type: 'string', pattern: KEY },
      kind: { enum: WIDGET_KINDS },
      title: localized,
      layout: {
        type: 'object',
        properties: { x: { type: 'integer', minimum: 0, maximum: 11 }, y: { type: 'integer', minimum: 0, maximum: 1000 }, w: { type: 'integer', minimum: 1, maximum: 12 }, h: { type: 'integer', minimum: 2, maximum: 40 } },
        required: ['x', 'y', 'w', 'h'],
        additionalProperties: false,
      },
      query: { $ref: '#/$defs/query' },
      forecast: {
        type: 'object',
        properties: { history: { $ref: '#/$defs/datedQuery' }, pipeline: { $ref: '#/$defs/datedQuery' } },
        required: ['history'],
        additionalProperties: false,
      },
      options: {
        type: 'object',
        properties: {
          stacked: { type: 'boolean' },
          horizontal: { type: 'boolean' },
          donut: { type: 'boolean' },
          target: { type: 'number' },
          compare: { type: 'boolean' },
          totals: { type: 'boolean' },
          horizon: { type: 'integer', minimum: 1, maximum: 12 },
          history: { type: 'integer', minimum: 6, maximum: 60 },
          backtest: { type: 'integer', minimum: 3, maximum: 12 },
        },
        additionalProperties: false,
      },
    },
    required: ['id', 'kind', 'title', 'layout'],
    additionalProperties: false,
  },
  dashboardFilter: {
    type: 'object',
    properties: {
      id: { type: 'string', pattern: KEY },
      kind: { enum: DASHBOARD_FILTER_KINDS },
      label: localized,
      fields: { type: 'object', propertyNames: { pattern: '^[a-z][a-z0-9_]{0,47}$' }, additionalProperties: { type: 'string', maxLength: 64 } },
      defaultPreset: { enum: DATE_PRESETS },
    },
    required: ['id', 'kind', 'label', 'fields'],
    additionalProperties: false,
  },
};

const dashboardSchema = {
  $defs: definitions,
  type: 'object',
  properties: {
    key: { type: 'string', pattern: KEY },
    version: { type: 'integer', minimum: 1 },
    title: localized,
    widgets: { type: 'array', maxItems: 40, items: { $ref: '#/$defs/widget' } },
    filters: { type: 'array', maxItems: 8, items: { $ref: '#/$defs/dashboardFilter' } },
    roles: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,47}$' } },
    template: { type: 'string', maxLength: 64 },
    updatedAt: { type: 'string' },
    updatedBy: { type: 'string' },
  },
  required: ['key', 'title', 'widgets'],
  additionalProperties: false,
};

/** POST /api/dashboards/query: a widget (kind, query or forecast, options) and the dashboard filters that apply. */
const querySchema = {
  $defs: definitions,
  type: 'object',
  properties: {
    widget: {
      type: 'object',
      properties: {
        kind: { enum: WIDGET_KINDS },
        query: { $ref: '#/$defs/query' },
        forecast: definitions.widget.properties.forecast,
        options: definitions.widget.properties.options,
      },
      required: ['kind'],
      additionalProperties: false,
    },
    query: { $ref: '#/$defs/query' },
    filters: { type: 'array', maxItems: 8, items: { $ref: '#/$defs/dashboardFilter' } },
    values: { type: 'object' },
  },
  additionalProperties: false,
};

const ajv = new Ajv2020({ allErrors: false, strict: false, coerceTypes: false, useDefaults: false });
const validators: Record<'dashboard' | 'query', ValidateFunction> = {
  dashboard: ajv.compile(dashboardSchema),
  query: ajv.compile(querySchema),
};

/** `/widgets/2/query/measures/0` → `widgets[2].query.measures[0]`. */
function settingPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/** The first problem of a body against a schema, as a 400 naming the setting. */
function firstProblem(error: ErrorObject, t: Translate, root: string) {
  const base = settingPath(error.instancePath);
  const join = (path: string, part: string) => (path ? `${path}.${part}` : part);
  const prefix = (path: string) => (root ? (path ? `${root}.${path}` : root) : path || 'body');
  if (error.keyword === 'additionalProperties') {
    const property = String((error.params as { additionalProperty: string }).additionalProperty);
    return settingError(prefix(join(base, property)), t('dashboards.problem.unknownProperty', { property }));
  }
  if (error.keyword === 'required') {
    const property = String((error.params as { missingProperty: string }).missingProperty);
    return settingError(prefix(join(base, property)), messageForAjvError(error, t));
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ');
    return settingError(prefix(base), `${messageForAjvError(error, t)} (${allowed})`);
  }
  return settingError(prefix(base), messageForAjvError(error, t));
}

export function assertShape(kind: 'dashboard' | 'query', body: unknown, t: Translate, root = ''): void {
  const validate = validators[kind];
  if (!validate(body)) throw firstProblem(validate.errors![0], t, root);
}
