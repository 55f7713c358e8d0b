/**
 * A receipt channel route built the stack's way (infra/bundling.ts) keeps its
 * pages out of a JSON request's way: with every chunk the cold start does not
 * read deleted from the asset, a JSON post is still answered; the intact
 * bundle answers a page post with the page, in the page's language, from the
 * chunk it loads then. Refused requests only: no store is needed.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'node:querystring';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction, filesReadAtImport } from '../../../infra/bundling';
import { httpEvent, lambdaContext } from '../../support/reports';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const bundle = bundleFunction('functions/report-thread/handler.ts');
/** An output file's path in the asset (the metafile names outputs from the repository root). */
const inAsset = (output: string) => relative(bundle.assetDir, resolve(import.meta.dirname, '../../..', output));
const copies: string[] = [];
/** Longer than any receipt the contract takes (64 characters): refused by validation, before any store or secret is needed. */
const TOO_LONG = '9'.repeat(65);
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function handlerIn(assetDir: string): Promise<Handler> {
  return ((await import(pathToFileURL(join(assetDir, 'index.mjs')).href)) as { handler: Handler }).handler;
}

describe('a receipt channel route bundle', () => {
  it('answers a JSON post with none of the chunks a cold start does not read present', async () => {
    const atImport = new Set(filesReadAtImport(bundle.metafile));
    const later = Object.keys(bundle.metafile.outputs).filter((file) => !file.endsWith('.map') && !atImport.has(file));
    // What is deleted holds the pages: the channel's form-post glue, its pages and the locales.
    const deleted = later.flatMap((file) => Object.keys(bundle.metafile.outputs[file]?.inputs ?? {}));
    expect(deleted).toEqual(expect.arrayContaining(['functions/middleware/channel-posts.ts', 'web/channel-pages.ts', 'web/locales/en.json']));
    const jsonOnly = mkdtempSync(join(tmpdir(), 'channel-json-only-'));
    copies.push(jsonOnly);
    cpSync(bundle.assetDir, jsonOnly, { recursive: true });
    for (const file of later) rmSync(join(jsonOnly, inAsset(file)));
    const handler = await handlerIn(jsonOnly);
    const answer = await handler(httpEvent('POST', '/reports/thread', { body: JSON.stringify({ receipt: TOO_LONG }), sourceIp: '198.18.9.1' }), lambdaContext());
    expect(answer.statusCode).toBe(400);
    expect((answer.headers ?? {})['Content-Type']).toBe('application/problem+json');
    expect(answer.body).toContain('receipt');
    expect(answer.body).not.toContain(TOO_LONG);
  }, 120_000);

  it('answers a page post with the receipt page in the page’s language, loading the pages then', async () => {
    const handler = await handlerIn(bundle.assetDir);
    const body = stringify({ 'journey.lang': 'cy', 'journey.channel': 'thread', receipt: TOO_LONG });
    const answer = await handler(
      httpEvent('POST', '/reports/thread', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, sourceIp: '198.18.9.2' }),
      lambdaContext(),
    );
    expect(answer.statusCode).toBe(400);
    expect((answer.headers ?? {})['Content-Type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('Gwirio neu ddiweddaru eich adroddiad');
    expect(answer.body).toContain('Rhowch eich cod derbynneb 16 digid');
    expect(answer.body).not.toContain(TOO_LONG);
  }, 120_000);
});
