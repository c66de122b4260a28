/** A formula that cannot be compiled or evaluated; `position` is the index in the source it points at. */
export class FormulaError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}

/** Throws with the position spelled out in the message too, since messages are shown to admins as they are. */
export function fail(message: string, position: number): never {
  throw new FormulaError(`${message} at ${position}`, position);
}
