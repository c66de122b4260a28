import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityDefinition } from '@/lib/entities/entity.types';

/** An entity definition as shipped in templates/sales-crm. */
export function salesEntity(key: string): EntityDefinition {
  const file = path.join(process.cwd(), 'templates', 'sales-crm', 'entities', `${key}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as EntityDefinition;
}
