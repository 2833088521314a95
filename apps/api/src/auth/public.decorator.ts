import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'orphelix:public';

/** A route anyone may call even when the API requires a login: the login itself, `me`, health. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
