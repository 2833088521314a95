import type { Evidence } from './finding';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const path = (type: string): string => `status.conditions[?(@.type=="${type}")]`;

/** A condition's status, reason and message as evidence, addressed by its type. */
export function conditionEvidence(c: Condition): Evidence[] {
  const evidence: Evidence[] = [{ field: `${path(c.type)}.status`, value: c.status }];
  if (c.reason) evidence.push({ field: `${path(c.type)}.reason`, value: c.reason });
  if (c.message) evidence.push({ field: `${path(c.type)}.message`, value: c.message });
  return evidence;
}
