import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ObjectQueryDto } from '../../common/query/common-query.dto';
import {
  DNS1123_LABEL,
  dns1123LabelMessage,
  EmptyAsUndefined,
  QueryBoolean,
  QueryInt,
} from '../../common/query/validators';

export const DEFAULT_TAIL_LINES = 500;
export const MAX_TAIL_LINES = 100_000;

/** Query of `GET /api/pods/{name}/logs` (and, with its own `tailLines` default, of a deployment's logs). */
export class PodLogsQueryDto extends ObjectQueryDto {
  /**
   * Container to read; default: the pod's `kubectl.kubernetes.io/default-container`, else its first container.
   * @example storefront
   */
  @ApiPropertyOptional({ pattern: DNS1123_LABEL.source })
  @IsOptional()
  @EmptyAsUndefined()
  @MaxLength(63, { message: dns1123LabelMessage('container') })
  @Matches(DNS1123_LABEL, { message: dns1123LabelMessage('container') })
  @IsString()
  container?: string;

  /** Lines from the end of the log (1–100000). */
  @ApiPropertyOptional({ type: 'integer', default: DEFAULT_TAIL_LINES })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(MAX_TAIL_LINES)
  @IsInt()
  tailLines?: number;

  /** Only lines newer than this many seconds. */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(31_536_000)
  @IsInt()
  sinceSeconds?: number;

  /** The previous (terminated) instance of the container; 400 when it never restarted. */
  @ApiPropertyOptional({ type: 'boolean', default: false })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  previous?: boolean;

  /** Keep the apiserver's RFC 3339 timestamp at the start of each raw line. */
  @ApiPropertyOptional({ type: 'boolean', default: false })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  timestamps?: boolean;

  /**
   * Stream the log as Server-Sent Events (`text/event-stream`) as the container writes it, like
   * `kubectl logs -f`: after the tail, each new line as a `log` event, a `heartbeat` every 15 s, and
   * `end` once the container stops.
   */
  @ApiPropertyOptional({ type: 'boolean', default: false })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  follow?: boolean;
}
