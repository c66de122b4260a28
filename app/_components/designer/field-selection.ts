/**
 * Which field the settings panel shows, and which showing of it. The panel is keyed by
 * `showing`, not by the field's key: renaming a field keeps the same panel mounted, so the
 * click or the typing that ended the key's edit (its blur commits the rename) lands in the
 * label, help or required inputs it was aimed at instead of in a panel being replaced.
 */
export interface FieldSelection {
  key: string | null;
  showing: number;
}

export function selectField(selection: FieldSelection, key: string | null): FieldSelection {
  return selection.key === key ? selection : { key, showing: selection.showing + 1 };
}

/** The selected field got a new key: same field, same showing. */
export function renameSelected(selection: FieldSelection, from: string, to: string): FieldSelection {
  return selection.key === from ? { ...selection, key: to } : selection;
}
