/**
 * Flattens an export row for columnar formats: nested stage objects become `<stage>_<field>` columns (dashes
 * in names become underscores); arrays and deeper objects are kept as JSON text. The frame's `error` is always
 * the two columns `error_code` and `error_message` (null for a readable frame), never a column of its own.
 */
export function flattenRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'error') {
      const error = value as { code?: unknown; message?: unknown } | null;
      out.error_code = error?.code ?? null;
      out.error_message = error?.message ?? null;
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) out[columnName(key, k)] = scalar(v);
    } else {
      out[key.replace(/-/g, '_')] = scalar(value);
    }
  }
  return out;
}

/** The flat column of a stage's record field: `<stage>_<field>`, dashes as underscores. */
export function columnName(stage: string, field: string): string {
  return `${stage}_${field}`.replace(/-/g, '_');
}

function scalar(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
}
