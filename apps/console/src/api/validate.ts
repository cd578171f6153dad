import type { FormInstance, FormItemProps } from 'antd';
import type { z } from '@netsign/api';

type KeysOfAny<U> = U extends unknown ? keyof U : never;
type ValueOfAny<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;

/**
 * What the form of a request holds: the fields of its schema's input — for a union of shapes (审核
 * 通过 | 退回) every shape's fields, those not in all of them optional. `Form.useForm` and
 * `Form.Item` typed with it make a field name the request does not have a type error.
 */
export type FormValues<S extends z.ZodType> = Pick<z.input<S>, keyof z.input<S>> & {
  [K in Exclude<KeysOfAny<z.input<S>>, keyof z.input<S>>]?: ValueOfAny<z.input<S>, K>;
};

/** antd's rejection when a rule fails: the messages are already shown at the fields. */
export function isValidationError(e: unknown): e is { errorFields: unknown[] } {
  return typeof e === 'object' && e !== null && Array.isArray((e as { errorFields?: unknown }).errorFields);
}

/** A field of a form holding `V`: what `Form.Item name` and `form.setFields` take. */
export type FieldName<V> = NonNullable<FormItemProps<V>['name']>;

/**
 * `form.validateFields()` for a dialog's OK: the values, typed as the form is (`FormValues` of its
 * request), or null when a rule failed (the field shows why). Without this the rejection escapes
 * the click handler as an uncaught "Object" error.
 */
export async function validated<V>(form: FormInstance<V>): Promise<V | null> {
  try {
    return await form.validateFields();
  } catch (e) {
    if (isValidationError(e)) return null;
    throw e;
  }
}
