import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { invalidField } from '../errors/request-validation.error';
import { withMethodDecorator } from '../with-method-decorator';
import { DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX, dns1123SubdomainMessage, isDns1123Subdomain } from './validators';

/** Validates an object name from the path as a DNS-1123 subdomain; 400 names the parameter. */
@Injectable()
export class ObjectNamePipe implements PipeTransform<unknown, string> {
  constructor(private readonly parameter = 'name') {}

  transform(value: unknown): string {
    if (!isDns1123Subdomain(value)) {
      throw invalidField(this.parameter, dns1123SubdomainMessage(this.parameter));
    }
    return value;
  }
}

/**
 * `@NameParam() name: string`: the `{name}` path segment, validated and documented.
 * Pass another parameter name for routes with several (`{pod}`).
 */
export function NameParam(parameter = 'name'): ParameterDecorator {
  return withMethodDecorator(
    Param(parameter, new ObjectNamePipe(parameter)),
    ApiParam({
      name: parameter,
      description: 'Object name (DNS-1123 subdomain).',
      schema: { type: 'string', maxLength: DNS1123_SUBDOMAIN_MAX, pattern: DNS1123_SUBDOMAIN.source },
    }),
  );
}
