import type { LiveObjectBody } from '../../../api/generated/types.gen';
import { call } from '../../../core/api';
import type { KindName } from '../../../core/kinds';
import { DETAIL_API } from '../detail-api';
import { routeKind } from '../detail-logic';
import { objectScope } from '../shared/scope';
import { controllerOf, liveObject } from './git-edit-logic';

/** What match-file is asked about: the object, and what owns it, nearest first. */
export interface MatchSubject {
  object: LiveObjectBody;
  owners: LiveObjectBody[];
}

/** A Pod's ReplicaSet and its Deployment, a Job's CronJob: two levels reach every controller the console shows. */
const MAX_OWNERS = 2;

/**
 * Reads the object as the YAML tab does (the detail DTOs carry no apiVersion or owner references) and,
 * for a generated object, its owners: a Pod is not in Git, its Deployment is. The YAML parser is
 * loaded here, on demand, not with the page.
 */
export async function matchSubject(kind: KindName, name: string, namespace: string | null, context: string | null): Promise<MatchSubject> {
  const { parse } = await import('yaml');
  const scope = objectScope(context, namespace);
  const read = async (k: KindName, n: string): Promise<unknown> => parse(await call(DETAIL_API[k].yaml(n, scope))) as unknown;

  const parsed = await read(kind, name);
  const object = liveObject(parsed);
  if (!object) throw new Error(`The API printed no Kubernetes object for ${name}`);

  const owners: LiveObjectBody[] = [];
  let ref = controllerOf(parsed);
  while (ref && owners.length < MAX_OWNERS) {
    const ownerKind = routeKind(ref.kind);
    let owner: LiveObjectBody | null = null;
    let next = null;
    if (ownerKind) {
      try {
        const p = await read(ownerKind, ref.name);
        owner = liveObject(p);
        next = controllerOf(p);
      } catch {
        // Gone or not readable: the reference alone still names it for the matcher.
      }
    }
    owners.push(owner ?? { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(namespace ? { namespace } : {}) } });
    ref = next;
  }
  return { object, owners };
}
