/**
 * Flattens an export row for columnar formats: nested stage objects become `<stage>_<field>` columns (dashes
 * in names become underscores); arrays and deeper objects are kept as JSON text.
 */
export function flattenRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const col = key.replace(/-/g, '_');
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) out[`${col}_${k.replace(/-/g, '_')}`] = scalar(v);
    } else {
      out[col] = scalar(value);
    }
  }
  return out;
}

function scalar(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
}
