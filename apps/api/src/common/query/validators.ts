import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { parseFieldSelector, parseLabelSelector } from './selectors';

/** Kubeconfig context names as the original console accepted them (EKS ARNs included). */
export const CONTEXT_NAME = /^[A-Za-z0-9_.:@/-]{1,255}$/;
export const CONTEXT_NAME_MESSAGE =
  'context must be 1-255 characters of letters, digits and "_", ".", ":", "@", "/", "-"';

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_SUBDOMAIN_MAX = 253;

export const dns1123LabelMessage = (field: string): string =>
  `${field} must be a DNS-1123 label: at most ${DNS1123_LABEL_MAX} lowercase letters, digits and "-", starting and ending with a letter or digit`;

export const dns1123SubdomainMessage = (field: string): string =>
  `${field} must be a DNS-1123 subdomain: at most ${DNS1123_SUBDOMAIN_MAX} lowercase letters, digits, "-" and ".", starting and ending with a letter or digit`;

export function isDns1123Subdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(value);
}

export function IsLabelSelector(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLabelSelector',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseLabelSelector(value).ok,
        defaultMessage: (args) => selectorMessage(args?.property ?? 'labelSelector', args?.value, parseLabelSelector),
      },
    },
    options,
  );
}

export function IsFieldSelector(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFieldSelector',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseFieldSelector(value).ok,
        defaultMessage: (args) => selectorMessage(args?.property ?? 'fieldSelector', args?.value, parseFieldSelector),
      },
    },
    options,
  );
}

function selectorMessage(
  property: string,
  value: unknown,
  parse: (selector: string) => { ok: true } | { ok: false; error: string },
): string {
  if (typeof value !== 'string') {
    return `${property} must be given once, as a string`;
  }
  const result = parse(value);
  return result.ok ? `${property} is invalid` : `${property} is invalid: ${result.error}`;
}

/**
 * Query strings cannot say "absent" except by omission, and clients often send `?context=` for "the
 * default": an empty value means the parameter was not given.
 */
export const EmptyAsUndefined = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

/**
 * Integers arrive as strings. Only well-formed integers are converted, so `1.5` or `ten` reach the
 * validators unchanged and fail with a message naming the field (a plain `Number()` would yield NaN or 0).
 */
export const QueryInt = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    if (value === '') {
      return undefined;
    }
    return typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  });

/**
 * Booleans arrive as strings: `true`/`false` (and `1`/`0`) convert; anything else reaches the
 * validators unchanged and fails naming the field, rather than silently meaning false.
 */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    if (value === '') return undefined;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  });
