import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'orphelix:public';

/** A route anyone may call even when the API requires a login: the login itself, `me`, health. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

export const LOGIN_ROUTE = 'orphelix:login-route';

/** A step of the GitHub login: rate-limited per address more tightly than other routes. */
export const LoginRoute = (): MethodDecorator => SetMetadata(LOGIN_ROUTE, true);
