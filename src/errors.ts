/**
 * Stable codes for the faults Lore reports. Expected outcomes (no answer, a rejected
 * import row) are values, not errors; these are for what stops an operation.
 */
export type LoreErrorCode =
  | 'CONFIG_INVALID'
  | 'DB_TOO_NEW'
  | 'DB_OPEN_FAILED'
  | 'DB_LOCKED'
  | 'DB_READONLY'
  | 'DB_MISSING'
  | 'EDITOR_FAILED'
  | 'IMPORT_UNREADABLE'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'SOURCE_AUTH'
  | 'SOURCE_BUSY'
  | 'SOURCE_FAILED'
  | 'USAGE';

/** An error with a stable code, a message that says what to do, and its cause. */
export class LoreError extends Error {
  readonly code: LoreErrorCode;

  constructor(code: LoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoreError';
    this.code = code;
  }
}

/** True when `error` is a LoreError, optionally with the given code. */
export function isLoreError(error: unknown, code?: LoreErrorCode): error is LoreError {
  return error instanceof LoreError && (code === undefined || error.code === code);
}
