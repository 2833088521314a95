import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ApiError } from '../common/errors/api-error';
import { API_TOKENS_REPOSITORY, type ApiToken, type ApiTokensRepository } from '../persistence/repositories/api-tokens.repository';
import { AUDIT_LOG_REPOSITORY, type AuditLogRepository, type AuditPage } from '../persistence/repositories/audit-log.repository';
import type { AuthedRequest } from './access.guard';
import { Audited } from './audit.interceptor';
import { ApiTokenListDto, AuditPageDto, CreatedApiTokenDto, RevokedApiTokenDto } from './dto/admin-responses';

export class CreateApiTokenDto {
  @ApiProperty({ description: 'What the token is for, e.g. "ci-deploy-bot"', minLength: 1, maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[\w .@:-]+$/, { message: 'name may hold letters, digits, spaces and . _ @ : -' })
  name!: string;
}

export class AuditQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) actor?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) action?: string;
  @ApiPropertyOptional({ description: 'Entries at or after this time (ISO 8601)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, { message: 'since must be an ISO 8601 date or time' })
  since?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ minimum: 0, default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

function requireAdmin(req: AuthedRequest): void {
  if (!req.user?.admin) {
    throw new ApiError('FORBIDDEN', 'Only an administrator may do this (ORPHELIX_ADMINS, or the admin token)', {
      verb: req.method.toLowerCase(),
      resource: req.path,
      namespace: null,
      reason: 'admin-only',
    });
  }
}

/** API tokens for integrators and the audit log: administrators only. */
@ApiTags('admin')
@Controller()
export class AdminController {
  constructor(
    @Inject(API_TOKENS_REPOSITORY) private readonly tokens: ApiTokensRepository,
    @Inject(AUDIT_LOG_REPOSITORY) private readonly audit: AuditLogRepository,
  ) {}

  @Post('auth/tokens')
  @Audited('token.create')
  @ApiOperation({ summary: 'Create an API token (sent as `Authorization: Bearer`); the token is shown once' })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  async createToken(@Req() req: AuthedRequest, @Body() body: CreateApiTokenDto): Promise<ApiToken & { token: string }> {
    requireAdmin(req);
    const created = await this.tokens.create(body.name, req.user?.id ?? 'unknown');
    return { ...created.record, token: created.token.reveal() };
  }

  @Get('auth/tokens')
  @ApiOperation({ summary: 'The API tokens (never their values)' })
  @ApiOkResponse({ type: ApiTokenListDto })
  async listTokens(@Req() req: AuthedRequest): Promise<{ items: ApiToken[] }> {
    requireAdmin(req);
    return { items: await this.tokens.list() };
  }

  @Delete('auth/tokens/:id')
  @HttpCode(200)
  @Audited('token.revoke')
  @ApiOperation({ summary: 'Revoke an API token' })
  @ApiOkResponse({ type: RevokedApiTokenDto })
  async revokeToken(@Req() req: AuthedRequest, @Param('id') id: string): Promise<{ id: string; revoked: true }> {
    requireAdmin(req);
    if (!(await this.tokens.revoke(id))) throw new ApiError('NOT_FOUND', `No active API token with id "${id}"`);
    return { id, revoked: true };
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit log: every mutation, login and refusal, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  async auditLog(@Req() req: AuthedRequest, @Query() query: AuditQueryDto): Promise<AuditPage> {
    requireAdmin(req);
    return this.audit.list({
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.since ? { since: Date.parse(query.since) } : {}),
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
  }
}
