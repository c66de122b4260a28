import type { ComponentType } from 'react';
import type { FieldSettingKey } from '@/lib/fields/field.types';
import type { SettingProps } from './designer-types';
import { AttachmentSetting } from './setting-attachment';
import { AutonumberSetting } from './setting-autonumber';
import { DefaultSetting } from './setting-default';
import { FormulaSetting } from './setting-formula';
import { OptionsSetting } from './setting-options';
import { RelationSetting } from './setting-relation';
import { RollupSetting } from './setting-rollup';
import { SubtableSetting } from './setting-subtable';
import { TransitionsSetting } from './setting-transitions';
import {
  CurrencySetting,
  MaxLengthSetting,
  MaxSetting,
  MinLengthSetting,
  MinSetting,
  PatternSetting,
  PrecisionSetting,
  RowsSetting,
  ScaleSetting,
  UniqueSetting,
} from './simple-settings';

/** One editor per setting key; the compiler flags a key the registry may list but nobody edits. */
export const SETTING_EDITORS: Record<FieldSettingKey, ComponentType<SettingProps>> = {
  minLength: MinLengthSetting,
  maxLength: MaxLengthSetting,
  pattern: PatternSetting,
  min: MinSetting,
  max: MaxSetting,
  precision: PrecisionSetting,
  currency: CurrencySetting,
  scale: ScaleSetting,
  options: OptionsSetting,
  transitions: TransitionsSetting,
  relation: RelationSetting,
  fields: SubtableSetting,
  formula: FormulaSetting,
  autonumber: AutonumberSetting,
  attachment: AttachmentSetting,
  rollup: RollupSetting,
  rows: RowsSetting,
  unique: UniqueSetting,
  default: DefaultSetting,
};
