import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ListQueryDto } from '../../common/query/common-query.dto';
import { EmptyAsUndefined, QueryInt } from '../../common/query/validators';

export const EVENT_TYPES = ['Normal', 'Warning'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One year: a window beyond it is a typo, answered with 400 rather than cut short without saying. */
export const MAX_SINCE_MINUTES = 525_600;

/** Query of `GET /api/events`. */
export class EventsQueryDto extends ListQueryDto {
  /** Only events of this type. */
  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(EVENT_TYPES, { message: `type must be one of ${EVENT_TYPES.join(', ')}` })
  @IsString()
  type?: EventType;

  /**
   * Only events last seen within this many minutes (1–525600). Without it, every event the cluster
   * still keeps (the apiserver expires them, by default after an hour).
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_SINCE_MINUTES })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(MAX_SINCE_MINUTES)
  @IsInt()
  sinceMinutes?: number;
}
