import { describe, expect, it } from 'vitest';
import { isCrossSite } from '../../../functions/middleware/cross-site';

describe('isCrossSite', () => {
  it('trusts Sec-Fetch-Site first: same-origin and none are ours, same-site and cross-site are not', () => {
    expect(isCrossSite({ 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' })).toBe(false);
    expect(isCrossSite({ 'sec-fetch-site': 'none' })).toBe(false);
    expect(isCrossSite({ 'Sec-Fetch-Site': 'cross-site', origin: 'https://report.example.org', host: 'report.example.org' })).toBe(true);
    expect(isCrossSite({ 'sec-fetch-site': 'same-site', host: 'report.example.org' })).toBe(true);
  });

  it('falls back to Origin: the request’s own host or a configured site origin is ours, anything else (null included) is not', () => {
    expect(isCrossSite({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' })).toBe(false);
    expect(isCrossSite({ origin: 'https://report.example.org', host: 'abc123.execute-api.eu-west-2.amazonaws.com' }, ['https://report.example.org'])).toBe(false);
    expect(isCrossSite({ origin: 'https://report.example.org.evil.example', host: 'report.example.org' })).toBe(true);
    expect(isCrossSite({ origin: 'null', host: 'report.example.org' })).toBe(true);
  });

  it('leaves clients that send neither header alone (no hostile page can drive them)', () => {
    expect(isCrossSite({ host: 'report.example.org' })).toBe(false);
  });
});
