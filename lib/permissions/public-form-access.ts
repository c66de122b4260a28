import type { EntityDefinition } from '@/lib/entities/entity.types';
import { Access } from '@/lib/permissions/access';
import { accessSnapshot, type AccessSnapshot } from '@/lib/permissions/access.snapshot';
import { NO_RECORDS, type ScopeRule } from '@/lib/permissions/data-scope';
import type { FieldMask } from '@/lib/permissions/field-mask';
import type { RecordAction, SystemArea } from '@/lib/permissions/permission.types';
import type { Actor, UserDoc } from '@/lib/users/user.types';

/** What a public form lets a visitor write: records of one entity, only these fields. */
export interface PublicFormGrant {
  entity: string;
  fields: readonly string[];
}

/**
 * The rights of a visitor submitting a public form, who writes as the platform's "public form"
 * user: create a record of the form's entity, nothing else. No record can be read (so a
 * unique-value error never names the record holding the value), no other entity, no area of
 * the platform, no entity action; every field the form does not ask for is hidden and
 * read-only, so a write keeps it as the definition's default leaves it.
 */
export class PublicFormAccess extends Access {
  constructor(
    subject: { id: string; departmentId: string | null },
    snapshot: AccessSnapshot,
    private readonly grant: PublicFormGrant,
  ) {
    super({ ...subject, roles: [] }, snapshot);
  }

  override system(_area: SystemArea): boolean {
    return false;
  }

  override can(entity: string, action: RecordAction): boolean {
    return entity === this.grant.entity && action === 'create';
  }

  override scope(_entity: string, _action: RecordAction): ScopeRule {
    return NO_RECORDS;
  }

  override allows(): boolean {
    return false;
  }

  override canRunEntityAction(): boolean {
    return false;
  }

  override fieldMask(def: EntityDefinition): FieldMask {
    const asked = new Set(def.key === this.grant.entity ? this.grant.fields : []);
    const closed = new Set(def.fields.map((field) => field.key).filter((key) => !asked.has(key)));
    return { hidden: closed, readOnly: closed };
  }
}

/** The actor a public form's submission writes as: the public-form user, with only the form's rights. */
export async function publicFormActor(user: Pick<UserDoc, '_id' | 'email' | 'name'>, grant: PublicFormGrant): Promise<Actor> {
  const id = user._id.toHexString();
  const access = new PublicFormAccess({ id, departmentId: null }, await accessSnapshot(), { entity: grant.entity, fields: [...grant.fields] });
  return { id, email: user.email, name: user.name, roles: [], departmentId: null, via: 'publicForm', access };
}
