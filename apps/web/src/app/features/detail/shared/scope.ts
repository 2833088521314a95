import type { Scope } from '../detail-api';

/** The query for one object: the selected context and the object's own namespace. */
export function objectScope(context: string | null, namespace: string | null | undefined): Scope {
  const q: Scope = {};
  if (context) q.context = context;
  if (namespace) q.namespace = namespace;
  return q;
}
