import type { LabelSelectorDto } from '@orphelix/contract';
import type { V1LabelSelector } from '@kubernetes/client-node';
import { compareStrings, type Wire } from './wire';

type LabelSelector = Wire<V1LabelSelector>;

interface Requirement {
  key: string;
  text: string;
}

function requirements(selector: LabelSelector): Requirement[] {
  const result: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    text: `${key}=${value}`,
  }));
  for (const expression of selector.matchExpressions ?? []) {
    const values = [...(expression.values ?? [])].sort(compareStrings).join(',');
    switch (expression.operator) {
      case 'In':
        result.push({ key: expression.key, text: `${expression.key} in (${values})` });
        break;
      case 'NotIn':
        result.push({ key: expression.key, text: `${expression.key} notin (${values})` });
        break;
      case 'Exists':
        result.push({ key: expression.key, text: expression.key });
        break;
      case 'DoesNotExist':
        result.push({ key: expression.key, text: `!${expression.key}` });
        break;
      default:
        throw new Error(`"${expression.operator}" is not a valid label selector operator`);
    }
  }
  // apimachinery orders requirements by key only; a stable sort keeps matchLabels before expressions.
  return result.sort((a, b) => compareStrings(a.key, b.key));
}

/**
 * A structured selector in the apiserver's `labelSelector` syntax, as `metav1.LabelSelectorAsSelector`
 * renders it: `app=web,env in (prod,staging),!legacy`. `''` for an empty selector, which selects
 * everything; `null` for an absent one, which selects nothing (callers must not list with it).
 * Throws on an operator Kubernetes does not define.
 */
export function labelSelectorToString(selector: LabelSelector | null | undefined): string | null {
  if (!selector) return null;
  return requirements(selector)
    .map((requirement) => requirement.text)
    .join(',');
}

/** The selector as kubectl prints it in SELECTOR columns: `<none>` when empty or absent, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  try {
    return labelSelectorToString(selector) || '<none>';
  } catch {
    return '<error>';
  }
}

/** A label map as kubectl prints it (`labels.FormatLabels`): `a=1,b=2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(compareStrings);
  if (keys.length === 0 || !labels) return '<none>';
  return keys.map((key) => `${key}=${labels[key]}`).join(',');
}

/**
 * Whether a label set matches a structured selector, with the apiserver's semantics: an empty selector
 * matches everything, an absent one nothing, `NotIn` and `DoesNotExist` match objects without the key.
 */
export function matchesLabelSelector(
  labels: Record<string, string> | null | undefined,
  selector: LabelSelector | null | undefined,
): boolean {
  if (!selector) return false;
  const set = labels ?? {};
  const has = (key: string) => Object.prototype.hasOwnProperty.call(set, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || set[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const values = expression.values ?? [];
    const present = has(expression.key);
    switch (expression.operator) {
      case 'In':
        if (!present || !values.includes(set[expression.key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(set[expression.key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The selector, structured and copied; empty when absent. */
export function toLabelSelectorDto(selector: LabelSelector | null | undefined): LabelSelectorDto {
  return {
    matchLabels: { ...(selector?.matchLabels ?? {}) },
    matchExpressions: (selector?.matchExpressions ?? []).map((expression) => ({
      key: expression.key,
      operator: expression.operator,
      values: [...(expression.values ?? [])],
    })),
  };
}
