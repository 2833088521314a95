import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CONTEXT_NAME,
  CONTEXT_NAME_MESSAGE,
  DNS1123_LABEL,
  DNS1123_LABEL_MAX,
  dns1123LabelMessage,
  EmptyAsUndefined,
  IsFieldSelector,
  IsLabelSelector,
  QueryInt,
} from './validators';

export const MAX_LIMIT = 5000;
export const SORT_PATTERN = /^-?[a-zA-Z.]+$/;

// Decorators run bottom-up: each property's type check sits lowest so its message is the one reported.

/** Query of routes that only need a cluster context. */
export class ContextQueryDto {
  /**
   * Kubeconfig context to use; omitted or empty means the kubeconfig's current context.
   * An unknown name answers 404 CONTEXT_NOT_FOUND listing the known ones.
   * @example kind-orphelix-lab
   */
  @ApiPropertyOptional({ pattern: CONTEXT_NAME.source })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(CONTEXT_NAME, { message: CONTEXT_NAME_MESSAGE })
  @IsString()
  context?: string;
}

/** Query of routes addressing one object: the context and, for namespaced kinds, its namespace. */
export class ObjectQueryDto extends ContextQueryDto {
  /**
   * Namespace (DNS-1123 label). On lists, omitted means all namespaces; cluster-scoped kinds ignore it.
   * @example default
   */
  @ApiPropertyOptional({ pattern: DNS1123_LABEL.source })
  @IsOptional()
  @EmptyAsUndefined()
  @MaxLength(DNS1123_LABEL_MAX, { message: dns1123LabelMessage('namespace') })
  @Matches(DNS1123_LABEL, { message: dns1123LabelMessage('namespace') })
  @IsString()
  namespace?: string;
}

/** The common query of every list route. */
export class ListQueryDto extends ObjectQueryDto {
  /**
   * Kubernetes label selector, set-based forms included.
   * @example app=web,tier in (frontend,backend),!canary
   */
  @IsOptional()
  @EmptyAsUndefined()
  @IsLabelSelector()
  labelSelector?: string;

  /**
   * Kubernetes field selector (`=`, `==`, `!=`).
   * @example status.phase!=Running
   */
  @IsOptional()
  @EmptyAsUndefined()
  @IsFieldSelector()
  fieldSelector?: string;

  /**
   * Case-insensitive substring of the name.
   * @example api
   */
  @IsOptional()
  @EmptyAsUndefined()
  @MaxLength(253)
  @IsString()
  q?: string;

  /** Page size, 1-5000; omitted returns every item. */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(MAX_LIMIT)
  @IsInt()
  limit?: number;

  /** Items to skip before the page starts. */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @QueryInt()
  @Min(0)
  @IsInt()
  offset?: number;

  /**
   * Sort key, `-` prefix for descending; each route lists its keys (at least `name`, `namespace`,
   * `age`, `createdAt`). Default: namespace, then name.
   * @example -age
   */
  @ApiPropertyOptional({ pattern: SORT_PATTERN.source })
  @IsOptional()
  @EmptyAsUndefined()
  @MaxLength(64)
  @Matches(SORT_PATTERN, { message: 'sort must be a key such as name or -age' })
  @IsString()
  sort?: string;
}
