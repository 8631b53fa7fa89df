/** JSON Schema pieces the ops' attribute schemas share (refs into the IR schema's definitions). */
export const S = {
  positiveInt: { $ref: '#/definitions/positiveInt' },
  count: { $ref: '#/definitions/count' },
  pair: { $ref: '#/definitions/pair' },
  padding: { $ref: '#/definitions/padding' },
  activation: { $ref: '#/definitions/activation' },
  boolean: { type: 'boolean' },
  number: { type: 'number' },
} as const;

/** An attrs object schema: every listed property required, nothing else allowed. */
export function attrs(properties: Record<string, object>): object {
  const required = Object.keys(properties);
  return { type: 'object', additionalProperties: false, ...(required.length > 0 ? { required } : {}), properties };
}
