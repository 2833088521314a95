/** The annotation `kubectl apply` writes: a second copy of the object, never shown by the console. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

interface Trimmable {
  metadata?: { managedFields?: unknown; annotations?: Record<string, string> | null | undefined };
}

/**
 * Drops what a cache must not pay memory for: `managedFields` (often half of an object) and the
 * last-applied annotation. Mutates and returns the object it was given (a freshly parsed one).
 */
export function trimObject<T>(obj: T): T {
  const meta = (obj as Trimmable).metadata;
  if (!meta) return obj;
  if (meta.managedFields !== undefined) delete meta.managedFields;
  const annotations = meta.annotations;
  if (annotations && LAST_APPLIED_ANNOTATION in annotations) {
    const rest = { ...annotations };
    delete rest[LAST_APPLIED_ANNOTATION];
    meta.annotations = Object.keys(rest).length > 0 ? rest : undefined;
    if (meta.annotations === undefined) delete meta.annotations;
  }
  return obj;
}
