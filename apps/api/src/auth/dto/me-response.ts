import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { RequestIdentity } from '../identity';

// The answers of /api/auth/me and /api/auth/logout, as the OpenAPI document and the generated client
// describe them. Deliberately not a `.dto.ts` file: the Swagger compiler plugin would add the class
// type it infers to `user`, turning its schema into an allOf of MeUserDto alone, and the client would
// lose the null. Every property is therefore decorated here, with nullable ones written as OpenAPI 3.1
// schemas (`null` is a type there).

/** An OpenAPI 3.1 property that is a `type` or null. */
export const nullable = (type: 'string' | 'number', description: string) => ({ oneOf: [{ type }, { type: 'null' }], description });
const nullableString = (description: string) => nullable('string', description);

/** Who is asking. */
export class MeUserDto {
  @ApiProperty({ type: String, description: 'The user\'s id (`local` for the local user).' })
  id!: string;

  @ApiProperty({ type: String, description: "The GitHub login, the token's name, or `local`." })
  login!: string;

  @ApiProperty(nullableString('The display name from GitHub; null when unknown.'))
  name!: string | null;

  @ApiProperty(nullableString('The GitHub avatar; null when unknown.'))
  avatarUrl!: string | null;

  @ApiProperty({ enum: ['github', 'token', 'local'], description: 'How the request authenticated.' })
  kind!: RequestIdentity['kind'];

  @ApiProperty({ type: Boolean, description: 'Whether the identity may use the admin routes.' })
  admin!: boolean;
}

/** GitHub login: whether it is configured, and where. */
export class MeGitHubDto {
  @ApiProperty({ type: Boolean, description: 'Whether GitHub login is configured.' })
  configured!: boolean;

  @ApiProperty(nullableString('The GitHub web address (github.com or an Enterprise server); null when not configured.'))
  url!: string | null;
}

@ApiExtraModels(MeUserDto)
export class MeResponseDto {
  @ApiProperty({ type: Boolean, description: 'Whether a GitHub session or an API token authenticated the request (false for the local user).' })
  authenticated!: boolean;

  @ApiProperty({ oneOf: [{ $ref: getSchemaPath(MeUserDto) }, { type: 'null' }], description: 'The identity of the request; null when nobody is logged in.' })
  user!: MeUserDto | null;

  @ApiProperty({ type: Boolean, description: 'Whether every route needs a login (bound beyond loopback, or ORPHELIX_AUTH=required).' })
  authRequired!: boolean;

  @ApiProperty({ type: MeGitHubDto, description: 'GitHub login: whether it is configured, and where.' })
  github!: MeGitHubDto;
}
