import type { EntityDefinition } from '@/lib/entities/entity.types';
import { maskedEntity } from '@/lib/permissions/field-mask';
import type { Actor } from '@/lib/users/user.types';

export type EntityAccessSummary = ReturnType<Actor['access']['entitySummary']>;

/** An entity as GET /api/entities sends it to someone: their fields only, and what they may do with it (so pages show only buttons that work). */
export function entityForActor(def: EntityDefinition, actor: Pick<Actor, 'access'>): EntityDefinition & { access: EntityAccessSummary } {
  return { ...maskedEntity(def, actor.access.fieldMask(def)), access: actor.access.entitySummary(def) };
}
