import type { FormInstance } from 'antd';

/** antd's rejection when a rule fails: the messages are already shown at the fields. */
export function isValidationError(e: unknown): e is { errorFields: unknown[] } {
  return typeof e === 'object' && e !== null && Array.isArray((e as { errorFields?: unknown }).errorFields);
}

/**
 * `form.validateFields()` for a dialog's OK: the values, or null when a rule failed (the field
 * shows why). Without this the rejection escapes the click handler as an uncaught "Object" error.
 */
export async function validated<T = unknown>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch (e) {
    if (isValidationError(e)) return null;
    throw e;
  }
}
