import { LAST_APPLIED_ANNOTATION, trimObject } from './trim';

describe('trimObject', () => {
  it('drops managedFields and the last-applied annotation, keeping every other annotation', () => {
    const obj = {
      metadata: {
        name: 'web',
        managedFields: [{ manager: 'kubectl' }],
        annotations: { [LAST_APPLIED_ANNOTATION]: '{"big":true}', 'deployment.kubernetes.io/revision': '3' },
      },
      spec: { replicas: 2 },
    };
    expect(trimObject(obj)).toEqual({ metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '3' } }, spec: { replicas: 2 } });
  });

  it('removes the annotations map when the last-applied annotation was its only entry', () => {
    const obj = trimObject({ metadata: { name: 'x', annotations: { [LAST_APPLIED_ANNOTATION]: '{}' } } });
    expect(obj.metadata).toEqual({ name: 'x' });
  });

  it('leaves objects without metadata alone', () => {
    expect(trimObject({ kind: 'Status' })).toEqual({ kind: 'Status' });
  });
});
