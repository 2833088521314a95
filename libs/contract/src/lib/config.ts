import type { ResourceDetail, ResourceSummary } from './common';

/** What replaces a value that must not leave the API (e.g. a Secret's last-applied-configuration annotation). */
export const MASKED_VALUE = '<masked>';

/** The size of one stored value. */
export interface KeySizeDto {
  /** The key. */
  key: string;
  /** Size of the decoded value in bytes. */
  size: number;
}

/** A ConfigMap in the list. */
export interface ConfigMapSummary extends ResourceSummary {
  /** DATA as kubectl prints it: number of `data` plus `binaryData` keys. */
  dataCount: number;
  /** Every key of `data` and `binaryData`, sorted. */
  keys: string[];
  /** `true` when the ConfigMap is immutable. */
  immutable: boolean;
}

/** Everything the configmap page shows: the text values, and only sizes of binary ones. */
export interface ConfigMapDetail extends ConfigMapSummary, ResourceDetail {
  /** Text values by key. */
  data: Record<string, string>;
  /** Binary keys with their decoded sizes, sorted by key; the bytes themselves are not sent. */
  binaryData: KeySizeDto[];
}

/**
 * A Secret in the list. No value of the Secret is ever part of this DTO: only keys and sizes.
 */
export interface SecretSummary extends ResourceSummary {
  /** TYPE, e.g. `Opaque`, `kubernetes.io/tls`, `kubernetes.io/dockerconfigjson`. */
  type: string;
  /** DATA as kubectl prints it: number of keys. */
  dataCount: number;
  /** Keys with the decoded size of each value in bytes, sorted by key. */
  keys: KeySizeDto[];
  /** `true` when the Secret is immutable. */
  immutable: boolean;
}

/** Everything the secret page shows; still no value (revealing one is a separate, audited action). */
export interface SecretDetail extends SecretSummary, ResourceDetail {}
