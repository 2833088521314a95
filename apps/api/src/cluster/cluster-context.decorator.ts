import { createParamDecorator, type ExecutionContext, Inject, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { CLUSTER_PORT, type ClusterPort } from '@orphelix/k8s';
import type { Request } from 'express';
import { invalidField } from '../common/errors/request-validation.error';
import { CONTEXT_NAME, CONTEXT_NAME_MESSAGE } from '../common/query/validators';
import { withMethodDecorator } from '../common/with-method-decorator';

/**
 * Turns `?context=` into a context name the port knows: absent or empty means the port's default;
 * a malformed name is a 400; an unknown one is the port's CONTEXT_NOT_FOUND (404 listing known names).
 */
@Injectable()
export class ResolveContextPipe implements PipeTransform<unknown, string> {
  constructor(@Inject(CLUSTER_PORT) private readonly port: ClusterPort) {}

  transform(value: unknown): string {
    if (value === undefined || value === '') {
      return this.port.defaultContext();
    }
    if (typeof value !== 'string' || !CONTEXT_NAME.test(value)) {
      throw invalidField('context', CONTEXT_NAME_MESSAGE);
    }
    this.port.assertContext(value);
    return value;
  }
}

const RawContextQuery = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<Request>().query['context'],
);

/**
 * `@ClusterContext() context: string`: the resolved kubeconfig context of the request. A parameter
 * decorator with a DI pipe, so no controller needs the request object or request scope.
 */
export function ClusterContext(): ParameterDecorator {
  return withMethodDecorator(
    RawContextQuery(undefined, ResolveContextPipe),
    ApiQuery({
      name: 'context',
      required: false,
      description:
        "Kubeconfig context to use; omitted or empty means the kubeconfig's current context. " +
        'An unknown name answers 404 CONTEXT_NOT_FOUND listing the known ones.',
      schema: { type: 'string', pattern: CONTEXT_NAME.source, example: 'kind-orphelix-lab' },
    }),
  );
}
