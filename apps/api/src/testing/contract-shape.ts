import { CONTRACT_SCHEMAS, type ContractSchemaName, type SchemaObject } from '../openapi/contract-schemas';

/**
 * Where a value departs from a libs/contract schema (the one the OpenAPI spec documents), as
 * `path: problem` lines; `[]` when it conforms. Covers the JSON Schema the generator emits: type,
 * required, properties, additionalProperties, items, enum, const, anyOf and $ref.
 */
export function shapeErrors(value: unknown, schema: ContractSchemaName | SchemaObject, path = '$'): string[] {
  const s = typeof schema === 'string' ? CONTRACT_SCHEMAS[schema] : schema;
  if (!s) return [`${path}: no schema ${String(schema)}`];
  const ref = s['$ref'];
  if (typeof ref === 'string')
    return shapeErrors(value, ref.replace('#/components/schemas/', '') as ContractSchemaName, path);
  const anyOf = s['anyOf'] as SchemaObject[] | undefined;
  if (anyOf) {
    const branches = anyOf.map((branch) => shapeErrors(value, branch, path));
    return branches.some((errors) => errors.length === 0)
      ? []
      : [`${path}: matches no anyOf branch (${branches.flat().join('; ')})`];
  }
  const errors: string[] = [];
  if ('const' in s && value !== s['const']) errors.push(`${path}: expected ${JSON.stringify(s['const'])}`);
  const allowed = s['enum'] as unknown[] | undefined;
  if (allowed && !allowed.includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`);
  const type = s['type'] as string | string[] | undefined;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.some((t) => isType(value, t)))
      return [...errors, `${path}: ${JSON.stringify(value)} is not ${types.join(' | ')}`];
  }
  if (Array.isArray(value) && s['items']) {
    value.forEach((item, i) => errors.push(...shapeErrors(item, s['items'] as SchemaObject, `${path}[${i}]`)));
  }
  if (isObject(value) && (s['properties'] || s['additionalProperties'] !== undefined || s['required'])) {
    const properties = (s['properties'] ?? {}) as Record<string, SchemaObject>;
    for (const key of (s['required'] ?? []) as string[]) if (!(key in value)) errors.push(`${path}.${key}: missing`);
    for (const [key, item] of Object.entries(value)) {
      const own = properties[key];
      const extra = s['additionalProperties'];
      if (own) errors.push(...shapeErrors(item, own, `${path}.${key}`));
      else if (extra === false) errors.push(`${path}.${key}: not in the schema`);
      else if (isObject(extra)) errors.push(...shapeErrors(item, extra, `${path}.${key}`));
    }
  }
  return errors;
}

/** The errors of a list envelope whose items should be `item`s. */
export function listShapeErrors(body: unknown, item: ContractSchemaName): string[] {
  if (!isObject(body) || !Array.isArray(body['items'])) return ['$: not a list envelope'];
  const errors: string[] = [];
  for (const key of ['total', 'offset']) if (typeof body[key] !== 'number') errors.push(`$.${key}: not a number`);
  if (!(body['limit'] === null || typeof body['limit'] === 'number')) errors.push('$.limit: not a number or null');
  if (!(body['resourceVersion'] === null || typeof body['resourceVersion'] === 'string'))
    errors.push('$.resourceVersion: not a string or null');
  body['items'].forEach((entry, i) => errors.push(...shapeErrors(entry, item, `$.items[${i}]`)));
  return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}
