import type { LocalizedText } from '@/lib/i18n/locale';

export interface TemplateManifest {
  key: string;
  version: number;
  name: LocalizedText;
  description: LocalizedText;
  entities: string[];
  workflows: string[];
  dashboards: string[];
}

export interface InstalledTemplateDoc {
  _id: string;
  version: number;
  installedAt: Date;
  updatedAt: Date;
}
