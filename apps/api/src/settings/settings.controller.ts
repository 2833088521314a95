import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SettingsDto } from '@orphelix/contract';
import { ClusterContext } from '../cluster/cluster-context.decorator';
import { ApiErrorResponse } from '../common/errors/api-error-responses.decorator';
import { CurrentUserId } from '../common/identity/current-user';
import { ContextQueryDto } from '../common/query/common-query.dto';
import { schemaRef } from '../openapi/contract-schemas';
import { UpdateSettingsBody } from './settings-body';
import { SettingsService } from './settings.service';

// Like every route, these accept and validate `context` (the console sends its current context with
// every request; an unknown one is a 404 listing the known names), though settings do not depend on
// it. The query DTO is bound so that any other parameter is a 400.
@ApiTags('settings')
@ApiErrorResponse(400)
@ApiErrorResponse(404)
@ApiErrorResponse(500)
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({
    summary: "The current user's settings",
    description: 'Every key, with the defaults filled in for those the user never changed.',
  })
  @ApiOkResponse({ description: 'The settings.', schema: schemaRef('SettingsDto') })
  getSettings(
    @CurrentUserId() userId: string,
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- bound only to be validated
    @ClusterContext() _context: string,
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- bound only so that unknown parameters are a 400
    @Query() _query: ContextQueryDto,
  ): Promise<SettingsDto> {
    return this.settings.get(userId);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Change some of the current user's settings",
    description:
      'Only the keys sent change. `criticalIssues` and `github` merge key by key; in `contextAliases` an alias of ' +
      'null removes it; arrays replace the stored array. An unknown key at any depth, a wrong type or a value out ' +
      'of bounds is a 400 VALIDATION_ERROR naming the field, and nothing is saved. Concurrent changes of different ' +
      'keys all survive. Answers the settings after the change.',
  })
  @ApiBody({ schema: schemaRef('SettingsUpdateDto') })
  @ApiOkResponse({ description: 'The settings after the change.', schema: schemaRef('SettingsDto') })
  updateSettings(
    @CurrentUserId() userId: string,
    @Body() body: UpdateSettingsBody,
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- bound only to be validated
    @ClusterContext() _context: string,
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- bound only so that unknown parameters are a 400
    @Query() _query: ContextQueryDto,
  ): Promise<SettingsDto> {
    return this.settings.update(userId, body);
  }

  @Delete()
  @ApiOperation({
    summary: "Reset the current user's settings to the defaults",
    description: 'Forgets every change; answers the defaults.',
  })
  @ApiOkResponse({ description: 'The default settings.', schema: schemaRef('SettingsDto') })
  resetSettings(
    @CurrentUserId() userId: string,
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- bound only to be validated
    @ClusterContext() _context: string,
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- bound only so that unknown parameters are a 400
    @Query() _query: ContextQueryDto,
  ): Promise<SettingsDto> {
    return this.settings.reset(userId);
  }
}
