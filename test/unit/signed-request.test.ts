import { describe, expect, it } from 'vitest';
import { SIGNED_REQUEST_SKEW_MS, withinSkew } from '../../src/core/signed-request.ts';

describe('the signed-request window shared by Slack and Discord', () => {
  const now = Date.UTC(2026, 11, 2, 8, 0, 0);
  const seconds = (ms: number) => ms / 1000;

  it('is five minutes, as both platforms document', () => {
    expect(SIGNED_REQUEST_SKEW_MS).toBe(5 * 60_000);
  });

  it('accepts a timestamp up to five minutes behind or ahead, edges included', () => {
    expect(withinSkew(seconds(now), now)).toBe(true);
    expect(withinSkew(seconds(now - SIGNED_REQUEST_SKEW_MS), now)).toBe(true);
    expect(withinSkew(seconds(now + SIGNED_REQUEST_SKEW_MS), now)).toBe(true);
  });

  it('refuses one a second further, either way, and one that is not a number', () => {
    expect(withinSkew(seconds(now - SIGNED_REQUEST_SKEW_MS) - 1, now)).toBe(false);
    expect(withinSkew(seconds(now + SIGNED_REQUEST_SKEW_MS) + 1, now)).toBe(false);
    expect(withinSkew(Number.NaN, now)).toBe(false);
  });
});
