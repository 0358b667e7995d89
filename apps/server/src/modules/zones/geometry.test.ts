import { describe, expect, it } from 'vitest';
import { centroid, normalise, polygonProblem } from './geometry';

describe('zones.geometry', () => {
  it('accepts a simple polygon inside the plan, closed or not', () => {
    expect(
      polygonProblem(
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
        ],
        100,
        100,
      ),
    ).toBeNull();
    expect(
      polygonProblem(
        normalise([
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 0],
        ]),
        100,
        100,
      ),
    ).toBeNull();
    expect(
      polygonProblem(
        [
          [0, 0],
          [10, 0],
          [15, 5],
          [10, 10],
          [0, 10],
          [5, 5],
        ],
        100,
        100,
      ),
    ).toBeNull();
  });

  it('names what is wrong: too few points, off the plan, crossing edges, no area', () => {
    expect(
      polygonProblem(
        [
          [0, 0],
          [10, 0],
        ],
        100,
        100,
      ),
    ).toBe('too_few_points');
    expect(
      polygonProblem(
        normalise([
          [0, 0],
          [10, 0],
          [0, 0],
        ]),
        100,
        100,
      ),
    ).toBe('too_few_points');
    expect(
      polygonProblem(
        [
          [0, 0],
          [101, 0],
          [50, 50],
        ],
        100,
        100,
      ),
    ).toBe('outside_plan');
    expect(
      polygonProblem(
        [
          [0, 0],
          [10, 10],
          [10, 0],
          [0, 10],
        ],
        100,
        100,
      ),
    ).toBe('self_intersecting');
    // A vertex touching a non-adjacent edge counts as crossing.
    expect(
      polygonProblem(
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [5, 0],
          [0, 10],
        ],
        100,
        100,
      ),
    ).toBe('self_intersecting');
    expect(
      polygonProblem(
        [
          [0, 0],
          [5, 5],
          [10, 10],
        ],
        100,
        100,
      ),
    ).toBe('zero_area');
  });

  it('refuses a corner given twice and coordinates that are not finite numbers', () => {
    expect(
      polygonProblem(
        [
          [0, 0],
          [10, 0],
          [10, 0],
          [10, 10],
        ],
        100,
        100,
      ),
    ).toBe('repeated_point');
    // Not neighbours: a dragged vertex dropped on another corner of the outline.
    expect(
      polygonProblem(
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [10, 0],
        ],
        100,
        100,
      ),
    ).toBe('repeated_point');
    expect(
      polygonProblem(
        [
          [0, 0],
          [Number.NaN, 0],
          [10, 10],
        ],
        100,
        100,
      ),
    ).toBe('not_finite');
    expect(
      polygonProblem(
        [
          [0, 0],
          [Number.POSITIVE_INFINITY, 0],
          [10, 10],
        ],
        100,
        100,
      ),
    ).toBe('not_finite');
  });

  it('finds a middle point for a zone', () => {
    expect(
      centroid([
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ]),
    ).toEqual({ x: 5, y: 5 });
  });
});
