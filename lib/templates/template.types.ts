import type { LocalizedText } from '@/lib/i18n/locale';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';
import type { DashboardDefinition } from '@/lib/dashboards/dashboard.types';
import type { RoleDefinition } from '@/lib/permissions/permission.types';
import type { RoleInstallReport } from '@/lib/permissions/role.service';
import type { PublicFormDefinition } from '@/lib/public-forms/public-form.types';

export const DEMO_LOCALES = ['zh-CN', 'en'] as const;
export type DemoLocale = (typeof DEMO_LOCALES)[number];

/** The categories packs are sorted into; each is named in the catalogs (templates.category.<key>). */
export const TEMPLATE_CATEGORIES = ['sales', 'service', 'purchasing', 'other'] as const;

/** templates/<key>/manifest.json */
export interface TemplateManifest {
  key: string;
  version: number;
  name: LocalizedText;
  description: LocalizedText;
  category?: string;
  icon?: string;
  /** Entity keys, dependencies first. */
  entities: string[];
  workflows: string[];
  dashboards: string[];
  /** Role presets (roles/<key>.json): installed when missing, kept once an admin changes them. */
  roles?: string[];
  /** Public forms (public-forms/<key>.json): each gets a link of its own on the installation. */
  publicForms?: string[];
  /** Locales that have a demo/<locale>.json. */
  demo?: DemoLocale[];
}

/** One demo data file: records per entity (dependency order), `$id` names a record for `$ref`s. */
export type DemoData = Record<string, Record<string, unknown>[]>;

/** A pack as the library works with it, whether read from templates/ or from a template file. */
export interface TemplatePack {
  manifest: TemplateManifest;
  entities: EntityDefinition[];
  workflows: WorkflowDefinition[];
  dashboards: DashboardDefinition[];
  roles: RoleDefinition[];
  publicForms: PublicFormDefinition[];
  /** Demo data by locale (a pack folder's demo/<locale>.json; a template file may carry it too). */
  demo: Partial<Record<DemoLocale, DemoData>>;
  source: 'folder' | 'upload';
}

/** The exported app: one JSON document that installs elsewhere like a pack folder. */
export interface TemplateFile {
  format: 'salesflow-template';
  formatVersion: 1;
  manifest: TemplateManifest;
  entities: EntityDefinition[];
  workflows: WorkflowDefinition[];
  dashboards: DashboardDefinition[];
  roles?: RoleDefinition[];
  publicForms?: PublicFormDefinition[];
  demo?: Partial<Record<DemoLocale, DemoData>>;
}

export type ItemKind = 'entity' | 'workflow' | 'dashboard' | 'publicForm';
export type ItemOutcome = 'installed' | 'upgraded' | 'merged' | 'unchanged' | 'kept';

/** Why an item was kept or restored: a code the UI names in the reader's language (templates.reason.<code>). */
export type ItemReason =
  | { code: 'restored' }
  | { code: 'ownedByTemplate'; template: string }
  | { code: 'createdByAdmin' }
  | { code: 'changedByAdmin' }
  | { code: 'nothingNew' }
  | { code: 'notMergeable'; problems: string[] }
  /** A public form the template brings names fields its entity (as installed here) cannot take. */
  | { code: 'doesNotFit'; problems: string[] };

export interface ItemReport {
  kind: ItemKind;
  key: string;
  /** The item as people know it: an entity's label, a workflow's name, a dashboard's title. */
  name?: LocalizedText;
  outcome: ItemOutcome;
  /** Why the item was kept or restored. */
  reasons?: ItemReason[];
  /** What a merge took from the template, by path ("field phone added"). */
  notes?: string[];
  /** The reasons and notes as English lines, for logs and the command line. */
  details?: string[];
}

export interface InstallReport {
  pack: string;
  version: number;
  previousVersion: number | null;
  changes: ItemReport[];
  /** The pack's role presets and what became of each. */
  roles?: RoleInstallReport[];
  demo?: DemoReport;
}

export interface DemoReport {
  locale: DemoLocale;
  created: number;
  existing: number;
  /** Demo records refused: the entity (and its label), the record's `$id`, and why, in the demo's language. */
  failed: { entity: string; label?: LocalizedText; id: string; message: string }[];
}

/** What a pack installed, kept so an upgrade can tell the admin's changes from the template's. */
export interface InstalledSnapshot {
  entities: Record<string, EntityDefinition>;
  workflows: Record<string, WorkflowDefinition>;
  dashboards: Record<string, DashboardDefinition>;
  /** Absent for installs made before public forms. */
  publicForms?: Record<string, PublicFormDefinition>;
}

export interface InstalledTemplateDoc {
  _id: string;
  version: number;
  installedAt: Date;
  updatedAt: Date;
  status?: 'installed' | 'uninstalled';
  /** The pack's definitions as the template last gave them (absent for installs made before the template center). */
  snapshot?: InstalledSnapshot;
  /** Workflows the uninstall disabled and dashboards it removed, given back by a reinstall. */
  disabledWorkflows?: string[];
  removedDashboards?: DashboardDefinition[];
  uninstalledAt?: Date;
  /** The manifest as installed (names and description for packs that came from a file). */
  manifest?: TemplateManifest;
}

/** A template file an admin uploaded: listed with the packs of templates/. */
export interface UploadedTemplateDoc {
  _id: string;
  /** The file as JSON text: demo data holds `$id`/`$ref` keys, which documents cannot. */
  json: string;
  uploadedAt: Date;
  uploadedBy: string;
}
