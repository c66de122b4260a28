/**
 * Small checks the field types use to name what is wrong with their settings. Definitions
 * arrive as JSON from admins, templates and the API, so every value is checked for its
 * shape before it is read: none of these throw.
 */
export function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional whole-number setting within bounds. */
export function wholeProblem(where: string, name: string, value: unknown, min: number, max: number): string[] {
  return value === undefined || isWhole(value, min, max) ? [] : [`${where}: ${name} must be a whole number from ${min} to ${max}`];
}

/** An optional numeric bound. */
export function numberProblem(where: string, name: string, value: unknown): string[] {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value)) ? [] : [`${where}: ${name} must be a number`];
}

/** min ≤ max when both are set. */
export function rangeProblem(where: string, min: unknown, max: unknown, names = ['min', 'max']): string[] {
  return typeof min === 'number' && typeof max === 'number' && min > max ? [`${where}: ${names[0]} is larger than ${names[1]}`] : [];
}

/** An ISO 4217 code that Intl knows. */
export function currencyProblem(where: string, currency: unknown): string[] {
  if (currency === undefined) return [];
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return [`${where}: currency must be an ISO 4217 code such as CNY`];
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency });
    return [];
  } catch {
    return [`${where}: currency "${currency}" is unknown`];
  }
}
