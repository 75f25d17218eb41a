/**
 * Errors are values: a code from a closed list, a message a person understands, and where it
 * happened (file, line, field). Messages never carry personal data (names, IDs, dates): only the
 * row reference. Modelled on csv-parse's CsvError.
 */

export const ERROR_CODES = [
  // arguments and settings
  'BAD_ARGUMENT',
  'SETTINGS_INVALID',
  'MODEL_INVALID',
  'PROFILE_INVALID',
  // files and input rows
  'FILE_NOT_FOUND',
  'FILE_EMPTY',
  'HEADER_MISSING',
  'COLUMN_MISSING',
  'COLUMN_COUNT',
  'QUOTE_UNCLOSED',
  'INVALID_UTF8',
  'INVALID_JSON',
  'RECORD_INVALID',
  // outputs: a file or stream that stopped taking bytes (disk full, I/O error)
  'WRITE_FAILED',
  // internal
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorWhere {
  file?: string;
  line?: number;
  field?: string;
  /** A path inside a JSON document, e.g. `comparisons[2].levels[0].threshold`. */
  path?: string;
}

export class KhopError extends Error {
  readonly code: ErrorCode;
  readonly where: ErrorWhere;
  /** Further problems reported at once with this one (e.g. every settings error). */
  readonly issues: readonly { path: string; message: string }[];

  constructor(code: ErrorCode, message: string, where: ErrorWhere = {}, issues: { path: string; message: string }[] = []) {
    super(formatMessage(message, where));
    this.name = 'KhopError';
    this.code = code;
    this.where = where;
    this.issues = issues;
  }
}

function formatMessage(message: string, where: ErrorWhere): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.line !== undefined ? `${where.file}:${where.line}` : where.file);
  else if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.field !== undefined) parts.push(`field ${where.field}`);
  if (where.path !== undefined) parts.push(where.path);
  return parts.length > 0 ? `${parts.join(', ')}: ${message}` : message;
}

export function isKhopError(e: unknown): e is KhopError {
  return e instanceof KhopError;
}
