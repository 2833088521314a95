import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { ensureRequestId } from '../request-id/request-id';
import { REDACTED, redactUrl } from './redact';

interface SerializedRequest {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
}

interface SerializedResponse {
  statusCode?: number;
  headers?: Record<string, unknown>;
}

/**
 * nestjs-pino settings: JSON lines at LOG_LEVEL, every line of a request tagged with its `requestId`,
 * credentials never written. `destination` lets tests read the log.
 */
export function loggerParams(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): Params {
  const options: Options = {
    level: config.logLevel,
    genReqId: (req, res) => ensureRequestId(req, res),
    // Per-request lines carry just the id; the full request is on the completion line only.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    // Request headers are not logged (below); this catches credentials anything else logs by accident.
    redact: {
      paths: [
        'headers.authorization',
        'headers.cookie',
        '*.headers.authorization',
        '*.headers.cookie',
        '*.headers["proxy-authorization"]',
        '*.headers["set-cookie"]',
      ],
      censor: REDACTED,
    },
    // Only what helps to follow a request: full header sets would repeat the same kilobyte on every line.
    // The query is already part of the URL, so it is not logged twice.
    serializers: {
      req: (req: SerializedRequest) => ({
        method: req.method,
        url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
        remoteAddress: req.remoteAddress,
        userAgent: req.headers?.['user-agent'],
      }),
      res: (res: SerializedResponse) => ({
        statusCode: res.statusCode,
        contentLength: res.headers?.['content-length'],
      }),
    },
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    // nestjs-pino's default route adds the probes outside the prefix, which Nest 11 already mounts for a
    // wildcard, so they were logged twice; this wildcard covers `/api`, `/api/...` and the probes once.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}
