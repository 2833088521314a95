import { ApiProperty } from '@nestjs/swagger';
import { nullable } from './me-response';

// The answers of the admin routes (API tokens, the audit log), as the OpenAPI document and the
// generated clients describe them. Not `.dto.ts` files, for the reason me-response.ts gives: nullable
// properties are written as OpenAPI 3.1 schemas here, which the Swagger compiler plugin would override.

const nullableNumber = (description: string) => nullable('number', description);
const nullableString = (description: string) => nullable('string', description);

/** An API token as listed: never its value. */
export class ApiTokenDto {
  @ApiProperty({ type: String, description: 'The token\'s id (for revoking it).' })
  id!: string;

  @ApiProperty({ type: String, description: 'What the token is for.' })
  name!: string;

  @ApiProperty({ type: String, description: 'The token\'s first characters (`orx_AbCd1234`), safe to show.' })
  prefix!: string;

  @ApiProperty({ type: String, description: 'The user id (or `local`) that created it.' })
  createdBy!: string;

  @ApiProperty({ type: Number, description: 'When it was created (epoch ms).' })
  createdAt!: number;

  @ApiProperty(nullableNumber('When it was last used (epoch ms); null when never.'))
  lastUsedAt!: number | null;

  @ApiProperty(nullableNumber('When it was revoked (epoch ms); null while active.'))
  revokedAt!: number | null;
}

/** A token just created: the record, and the token itself, shown this once. */
export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ type: String, description: 'The whole token (`orx_…`), sent as `Authorization: Bearer`. Only its SHA-256 is stored: it is never shown again.' })
  token!: string;
}

export class ApiTokenListDto {
  @ApiProperty({ type: [ApiTokenDto] })
  items!: ApiTokenDto[];
}

export class RevokedApiTokenDto {
  @ApiProperty({ type: String })
  id!: string;

  @ApiProperty({ type: Boolean, enum: [true] })
  revoked!: true;
}

/** One entry of the audit log. */
export class AuditEntryDto {
  @ApiProperty({ type: Number })
  id!: number;

  @ApiProperty({ type: Number, description: 'When (epoch ms).' })
  at!: number;

  @ApiProperty({ type: String, description: 'Who acted: a user id, `token:<id>` or `local`.' })
  actor!: string;

  @ApiProperty({ type: String, description: 'What they did, dotted: `settings.update`, `pod.restart`, `session.create`.' })
  action!: string;

  @ApiProperty(nullableString('What it was done to, e.g. `prod/shop/deployment/web`; null when nothing in particular.'))
  target!: string | null;

  @ApiProperty({ enum: ['success', 'failure', 'denied'] })
  result!: 'success' | 'failure' | 'denied';

  @ApiProperty(nullableString('The request\'s id (`X-Request-Id`).'))
  requestId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Extra facts (never secrets).' })
  details!: Record<string, unknown>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first.' })
  items!: AuditEntryDto[];

  @ApiProperty({ type: Number, description: 'Entries matching the filters, before offset and limit.' })
  total!: number;
}
