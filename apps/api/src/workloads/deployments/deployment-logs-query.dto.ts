import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { QueryInt } from '../../common/query/validators';
import { MAX_TAIL_LINES, PodLogsQueryDto } from '../../pods/dto/pod-logs-query.dto';

/** Lines from the end of each pod's container log when a deployment's logs are read or followed. */
export const DEPLOYMENT_DEFAULT_TAIL_LINES = 100;

/** Query of `GET /api/deployments/{name}/logs`: the pod log query, `container` naming one container of every pod. */
export class DeploymentLogsQueryDto extends PodLogsQueryDto {
  /** Lines from the end of each pod's container log (1–100000). */
  @ApiPropertyOptional({ type: 'integer', default: DEPLOYMENT_DEFAULT_TAIL_LINES })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(MAX_TAIL_LINES)
  @IsInt()
  override tailLines?: number;
}
