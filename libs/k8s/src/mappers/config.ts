import {
  MASKED_VALUE,
  type ConfigMapDetail,
  type ConfigMapSummary,
  type KeySizeDto,
  type SecretDetail,
  type SecretSummary,
} from '@orphelix/contract';
import type { V1ConfigMap, V1Secret } from '@kubernetes/client-node';
import { detailMeta, summaryMeta } from './meta';
import { compareStrings, sortedUnique, type Wire } from './wire';

/**
 * Size in bytes of the data a base64 string encodes, computed from its length so the value itself is
 * never decoded (padding and whitespace ignored; URL-safe alphabet accepted).
 */
export function base64DecodedSize(value: string): number {
  const symbols = value.replace(/[^A-Za-z0-9+/_-]/g, '').length;
  return Math.floor((symbols * 3) / 4);
}

function utf8Size(value: string): number {
  return new TextEncoder().encode(value).length;
}

function keySizes(entries: Iterable<[string, number]>): KeySizeDto[] {
  return [...entries].map(([key, size]) => ({ key, size })).sort((a, b) => compareStrings(a.key, b.key));
}

type ConfigMap = Wire<V1ConfigMap>;

export function toConfigMapSummary(configMap: ConfigMap, now: Date): ConfigMapSummary {
  const dataKeys = Object.keys(configMap.data ?? {});
  const binaryKeys = Object.keys(configMap.binaryData ?? {});
  return {
    ...summaryMeta(configMap, now),
    dataCount: dataKeys.length + binaryKeys.length,
    keys: sortedUnique([...dataKeys, ...binaryKeys]),
    immutable: configMap.immutable === true,
  };
}

export function toConfigMapDetail(configMap: ConfigMap, now: Date): ConfigMapDetail {
  return {
    ...toConfigMapSummary(configMap, now),
    ...detailMeta(configMap),
    data: { ...(configMap.data ?? {}) },
    binaryData: keySizes(
      Object.entries(configMap.binaryData ?? {}).map(([key, value]): [string, number] => [
        key,
        base64DecodedSize(value),
      ]),
    ),
  };
}

type Secret = Wire<V1Secret>;

// kubectl apply copies the whole manifest, values included, into this annotation.
const SECRET_SENSITIVE_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/** Keys with decoded sizes; `stringData` (write-only, but present in hand-made objects) counts as the apiserver would merge it. */
function secretKeySizes(secret: Secret): KeySizeDto[] {
  const sizes = new Map<string, number>();
  for (const [key, value] of Object.entries(secret.data ?? {})) sizes.set(key, base64DecodedSize(value));
  for (const [key, value] of Object.entries(secret.stringData ?? {})) sizes.set(key, utf8Size(value));
  return keySizes(sizes);
}

/** A Secret with keys and sizes only: no value, encoded or decoded, is copied into the DTO. */
export function toSecretSummary(secret: Secret, now: Date): SecretSummary {
  const keys = secretKeySizes(secret);
  return {
    ...summaryMeta(secret, now),
    type: secret.type || 'Opaque',
    dataCount: keys.length,
    keys,
    immutable: secret.immutable === true,
  };
}

export function toSecretDetail(secret: Secret, now: Date): SecretDetail {
  const meta = detailMeta(secret);
  for (const annotation of SECRET_SENSITIVE_ANNOTATIONS) {
    if (annotation in meta.annotations) meta.annotations[annotation] = MASKED_VALUE;
  }
  return { ...toSecretSummary(secret, now), ...meta };
}
