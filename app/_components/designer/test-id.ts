/** antd's prop objects (okButtonProps…) have no data attributes; a spread skips the excess-property check. */
export const testId = (id: string) => ({ 'data-testid': id }) as Record<string, string>;
