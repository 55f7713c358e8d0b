/**
 * The web form's function as the stack ships it (infra/bundling.ts
 * `bundleFunction`, the same esbuild build as `cdk synth`): a cold start
 * reads English and no other locale, and a page in another language loads
 * that language's chunk on the first request for it, from the built bundle
 * itself, with the right words in it.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { join } from 'node:path';
import { stringify } from 'node:querystring';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_ENTRY_FILE, bundleFunction, filesReadAtImport } from '../../../infra/bundling';
import { httpEvent, lambdaContext } from '../../support/reports';

type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

const SITE = { forceName: 'Exampleshire Police', directory: [{ name: 'Refuge', description: 'A national helpline.', phone: '0808 2000 247' }], languages: ['en', 'pl', 'ar'] };
const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };

describe('the built web-form bundle', () => {
  const bundle = bundleFunction('functions/web-form/handler.ts');
  let handler: Handler;
  const saved = process.env.WEB_SITE_CONFIG;

  beforeAll(async () => {
    process.env.WEB_SITE_CONFIG = JSON.stringify(SITE);
    ({ handler } = (await import(pathToFileURL(join(bundle.assetDir, BUNDLE_ENTRY_FILE)).href)) as { handler: Handler });
  }, 60_000);
  afterAll(() => {
    if (saved === undefined) delete process.env.WEB_SITE_CONFIG;
    else process.env.WEB_SITE_CONFIG = saved;
  });

  it('reads English at import and every other locale from a chunk of its own', () => {
    const atImport = filesReadAtImport(bundle.metafile).flatMap((file) => Object.keys(bundle.metafile.outputs[file]?.inputs ?? {}));
    expect(atImport.filter((input) => input.startsWith('web/locales/'))).toEqual(['web/locales/en.json']);
    for (const lang of ['pl', 'ar']) {
      const chunks = Object.entries(bundle.metafile.outputs).filter(([file, output]) => !file.endsWith('.map') && `web/locales/${lang}.json` in output.inputs);
      expect(chunks.map(([, output]) => Object.keys(output.inputs))).toEqual([[`web/locales/${lang}.json`]]);
    }
  });

  it('starts the form in Polish, Arabic or English as the browser asks', async () => {
    const polish = await handler(httpEvent('GET', '/form', { headers: { 'accept-language': 'pl-PL,pl;q=0.9' } }), lambdaContext());
    expect(polish.statusCode).toBe(200);
    expect(polish.body).toContain('<html lang="pl" dir="ltr"');
    expect(polish.body).toContain('Czy jesteś teraz w niebezpieczeństwie?');

    const arabic = await handler(httpEvent('GET', '/form', { headers: { 'accept-language': 'ar-SA' } }), lambdaContext());
    expect(arabic.statusCode).toBe(200);
    expect(arabic.body).toContain('<html lang="ar" dir="rtl"');
    expect(arabic.body).toContain('هل أنت في خطر الآن؟');
    expect(arabic.body).not.toContain('Are you in danger now?');

    const english = await handler(httpEvent('GET', '/form', { headers: { 'accept-language': 'en-GB' } }), lambdaContext());
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('<html lang="en" dir="ltr"');
    expect(english.body).toContain('Are you in danger now?');
  });

  it('answers a step posted in Arabic with its errors in Arabic, and a cross-site post with a refusal in the language the browser asks for', async () => {
    const step = await handler(httpEvent('POST', '/form', { headers: FORM, body: stringify({ 'journey.lang': 'ar', 'journey.step': 'danger', action: 'continue' }) }), lambdaContext());
    expect(step.statusCode).toBe(400);
    expect(step.body).toContain('<html lang="ar" dir="rtl"');
    expect(step.body).toContain('govuk-error-summary');
    expect(step.body).toContain('اختر ما إذا كنت في خطر الآن');
    expect(step.body).not.toContain('Select whether you are in danger now');

    const refused = await handler(
      httpEvent('POST', '/form', { headers: { ...FORM, 'sec-fetch-site': 'cross-site', 'accept-language': 'pl' }, body: stringify({ 'journey.lang': 'pl' }) }),
      lambdaContext(),
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('<html lang="pl" dir="ltr"');
    expect(refused.body).toContain('Zacznij zgłoszenie od nowa');
  });
});
