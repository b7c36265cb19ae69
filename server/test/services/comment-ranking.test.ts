import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rankOf, wilsonLowerBound } from '../../src/services/comment-ranking.ts';

describe('comment ranking (Wilson lower bound, 95 %)', () => {
  it('is 0 without votes and between 0 and the plain share otherwise', () => {
    assert.equal(wilsonLowerBound(0, 0), 0);
    assert.equal(rankOf(0, 0), 0);
    assert.equal(wilsonLowerBound(0, 5), 0);
    for (const [up, down] of [[1, 0], [3, 1], [40, 5], [100, 100], [1, 9]] as const) {
      const bound = wilsonLowerBound(up, down);
      assert.ok(bound > 0 && bound < up / (up + down), `${up}/${down}: ${bound}`);
    }
  });

  it('ranks one up vote below 40 up and 5 down, and more agreement above less', () => {
    assert.ok(rankOf(1, 0) < rankOf(40, 5));
    assert.ok(rankOf(10, 0) > rankOf(1, 0));
    assert.ok(rankOf(5, 5) < rankOf(50, 10));
    assert.ok(rankOf(2, 8) < rankOf(1, 0));
    // Known values: 1/0 ≈ 0.2065, 40/5 ≈ 0.7647.
    assert.equal(Math.round(wilsonLowerBound(1, 0) * 1000), 207);
    assert.equal(Math.round(wilsonLowerBound(40, 5) * 1000), 765);
  });

  it('is an integer scaled by 1e6', () => {
    assert.ok(Number.isInteger(rankOf(7, 3)));
    assert.ok(rankOf(1_000_000, 0) <= 1_000_000);
  });
});
