import { stringify } from 'yaml';

/** What replaces every Secret value in YAML: values never leave the API unless explicitly revealed. */
export const MASKED = '<masked>';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The object as `kubectl get -o yaml` shows it, minus `managedFields` (noise for a reader), with a
 * Secret's `data` and `stringData` values masked — including the copy kubectl keeps in the
 * last-applied annotation.
 */
export function toObjectYaml(obj: unknown): string {
  const copy = structuredClone(obj) as {
    kind?: string;
    metadata?: { managedFields?: unknown; annotations?: Record<string, string> };
    data?: Record<string, string>;
    stringData?: Record<string, string>;
  };
  if (copy.metadata) delete copy.metadata.managedFields;
  if (copy.kind === 'Secret') {
    for (const field of ['data', 'stringData'] as const) {
      const values = copy[field];
      if (values) for (const key of Object.keys(values)) values[key] = MASKED;
    }
    if (copy.metadata?.annotations?.[LAST_APPLIED] !== undefined) copy.metadata.annotations[LAST_APPLIED] = MASKED;
  }
  return stringify(copy, { sortMapEntries: false, lineWidth: 0, aliasDuplicateObjects: false });
}
