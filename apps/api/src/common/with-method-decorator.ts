/**
 * Lets a parameter decorator also document its method: Swagger metadata (`@ApiQuery`, `@ApiParam`) is
 * method-level, but a parameter that always needs it should not rely on every route repeating it.
 */
export function withMethodDecorator(parameter: ParameterDecorator, method: MethodDecorator): ParameterDecorator {
  return (target, propertyKey, index) => {
    parameter(target, propertyKey, index);
    if (propertyKey === undefined) {
      return;
    }
    const descriptor = Object.getOwnPropertyDescriptor(target, propertyKey);
    if (descriptor) {
      method(target, propertyKey, descriptor);
    }
  };
}
