import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ObjectQueryDto } from '../../common/query/common-query.dto';
import { DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX, dns1123SubdomainMessage, EmptyAsUndefined } from '../../common/query/validators';

/** The kinds the analyzers and the troubleshooter look at, by their route name. */
export const AI_KINDS = [
  'cronjobs',
  'daemonsets',
  'deployments',
  'hpa',
  'ingress',
  'jobs',
  'nodes',
  'pods',
  'pvcs',
  'replicasets',
  'services',
  'statefulsets',
] as const;
export type AiKind = (typeof AI_KINDS)[number];

const KIND_MESSAGE = `kind must be one of ${AI_KINDS.join(', ')}`;

/** `GET /api/ai/findings`: the whole cluster, one namespace, or one object (`kind` and `name`). */
export class FindingsQueryDto extends ObjectQueryDto {
  /** With `name`: one object's findings and those of what it owns (a Deployment's pods). */
  @ApiPropertyOptional({ enum: AI_KINDS })
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(AI_KINDS, { message: KIND_MESSAGE })
  kind?: AiKind;

  /** The object's name; needs `kind` (and `namespace` for namespaced kinds). */
  @ApiPropertyOptional({ maxLength: DNS1123_SUBDOMAIN_MAX, pattern: DNS1123_SUBDOMAIN.source })
  @IsOptional()
  @EmptyAsUndefined()
  @MaxLength(DNS1123_SUBDOMAIN_MAX, { message: dns1123SubdomainMessage('name') })
  @Matches(DNS1123_SUBDOMAIN, { message: dns1123SubdomainMessage('name') })
  @IsString()
  name?: string;
}

/** `POST /api/ai/preview` and `/api/ai/troubleshoot`: the object to look at. */
export class AiObjectQueryDto extends ObjectQueryDto {
  @ApiProperty({ enum: AI_KINDS })
  @IsIn(AI_KINDS, { message: KIND_MESSAGE })
  kind!: AiKind;

  /** The object's name (with `namespace` for namespaced kinds). */
  @ApiProperty({ maxLength: DNS1123_SUBDOMAIN_MAX, pattern: DNS1123_SUBDOMAIN.source })
  @MaxLength(DNS1123_SUBDOMAIN_MAX, { message: dns1123SubdomainMessage('name') })
  @Matches(DNS1123_SUBDOMAIN, { message: dns1123SubdomainMessage('name') })
  @IsString()
  name!: string;
}
