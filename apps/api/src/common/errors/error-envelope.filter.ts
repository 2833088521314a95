import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { ensureRequestId } from '../request-id/request-id';
import { toErrorResponse } from './error-response';

/**
 * The one place that turns errors into HTTP responses: every 4xx/5xx leaves as the error envelope.
 * Registered globally (APP_FILTER) so it also sees router 404s and errors from middleware.
 */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  constructor(@InjectPinoLogger(ErrorEnvelopeFilter.name) private readonly logger: PinoLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const requestId = ensureRequestId(req, res);
    const response = toErrorResponse(exception, requestId);

    if (response.log === 'error') {
      this.logger.error({ err: exception, requestId }, 'Unhandled error');
    } else if (response.log === 'warn') {
      this.logger.warn({ code: response.envelope.code, error: response.envelope.error, requestId }, 'Request failed');
    }

    if (res.headersSent) {
      // A stream (logs, SSE) failed after its first bytes: the status is gone, so just end it.
      res.end();
      return;
    }
    // A handler may already have set another type (YAML, text/plain) before failing: the envelope is JSON.
    res.status(response.status).set(response.headers).type('application/json').json(response.envelope);
  }
}
