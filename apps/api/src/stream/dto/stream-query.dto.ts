import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RESOURCE_KIND_NAMES, type ResourceKindName } from '@orphelix/contract';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ObjectQueryDto } from '../../common/query/common-query.dto';
import { EmptyAsUndefined } from '../../common/query/validators';

/** `pods:123;deployments:98.1`: one position per kind, as the stream's `id:` lines carry. */
export const EVENT_ID_PATTERN = /^[a-z]+:\d{1,30}(\.\d{1,6})?(;[a-z]+:\d{1,30}(\.\d{1,6})?)*$/;

/** Query of `GET /api/stream`. */
export class StreamQueryDto extends ObjectQueryDto {
  /**
   * The kinds to stream, comma-separated (the list routes' names).
   * @example pods,deployments,events
   */
  @ApiProperty({ type: 'string', example: 'pods,deployments,events' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k !== '')
      : value,
  )
  @IsIn(RESOURCE_KIND_NAMES, { each: true, message: `kinds must be a comma-separated list of: ${RESOURCE_KIND_NAMES.join(', ')}` })
  @ArrayUnique({ message: 'kinds must not repeat a kind' })
  @ArrayMaxSize(RESOURCE_KIND_NAMES.length)
  @ArrayMinSize(1, { message: 'kinds must name at least one kind' })
  @IsString({ each: true, message: 'kinds must be a comma-separated list of kinds' })
  kinds!: ResourceKindName[];

  /**
   * Resume from this event id, like the `Last-Event-ID` header (which wins when both are sent). A
   * list's `resourceVersion` R is a valid start: `pods:R`.
   * @example pods:48213;deployments:48190
   */
  @ApiPropertyOptional({ pattern: EVENT_ID_PATTERN.source })
  @IsOptional()
  @EmptyAsUndefined()
  @MaxLength(2048)
  @Matches(EVENT_ID_PATTERN, { message: 'since must be an event id such as pods:48213;deployments:48190' })
  @IsString()
  since?: string;
}
