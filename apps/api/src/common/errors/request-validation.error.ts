import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@orphelix/contract';
import type { ValidationError } from 'class-validator';

export type { FieldError };

/**
 * A 400 that knows which fields were wrong. Thrown by the global ValidationPipe and by pipes that
 * validate single parameters, so the filter can put `details.fields` in the envelope.
 */
export class RequestValidationError extends BadRequestException {
  constructor(readonly fields: readonly FieldError[]) {
    super(summarize(fields));
  }
}

/** Shorthand for one bad parameter. */
export function invalidField(field: string, message: string): RequestValidationError {
  return new RequestValidationError([{ field, message }]);
}

function summarize(fields: readonly FieldError[]): string {
  if (fields.length === 0) {
    return 'Invalid request';
  }
  const shown = fields.slice(0, 3).map((f) => f.message);
  const more = fields.length > shown.length ? ` (and ${fields.length - shown.length} more)` : '';
  return `Invalid request: ${shown.join('; ')}${more}`;
}

/**
 * Flattens class-validator's tree into one entry per failed constraint, with the full path of nested
 * fields (`spec.containers[0].image`), which the default pipe output loses.
 */
export function fieldErrorsOf(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/**
 * The one global pipe: unknown fields are errors rather than silently dropped, query strings are
 * converted to the DTO's types, and body fields are reported as `body.<path>` so they cannot be
 * confused with query parameters of the same name.
 */
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // One message per field. class-validator runs a property's decorators bottom-up, so DTOs put the
      // type check (`@IsString()`, `@IsInt()`) lowest: "limit must be an integer" beats range messages.
      stopAtFirstError: true,
      // Values and targets would echo request data (possibly secrets) back into errors.
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationError(fieldErrorsOf(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return (await super.transform(value, metadata)) as unknown;
    } catch (error) {
      if (error instanceof RequestValidationError && metadata.type === 'body') {
        throw new RequestValidationError(error.fields.map((f) => ({ ...f, field: `body.${f.field}` })));
      }
      throw error;
    }
  }
}
