import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CLUSTER_PORT, type ClusterPort } from '@orphelix/k8s';
import { Public } from '../auth/public.decorator';
import { ApiErrorResponse } from '../common/errors/api-error-responses.decorator';
import { LivenessDto, ReadinessDto } from './dto/health.dto';

/** Probes for process supervisors and Kubernetes; served outside `/api`, and without a login. */
@ApiTags('health')
@Public()
@ApiErrorResponse(500)
@Controller()
export class HealthController {
  constructor(@Inject(CLUSTER_PORT) private readonly port: ClusterPort) {}

  /** Liveness: the process is up and serving HTTP. */
  @Get('healthz')
  checkLiveness(): LivenessDto {
    return { status: 'ok' };
  }

  /** Readiness: the API can answer requests, and in which mode. */
  @Get('readyz')
  checkReadiness(): ReadinessDto {
    return { status: 'ok', mode: this.port.mode };
  }
}
