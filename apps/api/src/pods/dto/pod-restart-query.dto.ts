import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { ObjectQueryDto } from '../../common/query/common-query.dto';
import { QueryBoolean } from '../../common/query/validators';

/** Query of `POST /api/pods/{name}/restart`. */
export class PodRestartQueryDto extends ObjectQueryDto {
  /**
   * Delete the pod even when no controller will recreate it (a bare pod is then gone for good).
   * Without it such a pod answers 409 CONFLICT.
   */
  @ApiPropertyOptional({ type: 'boolean', default: false })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  force?: boolean;
}
