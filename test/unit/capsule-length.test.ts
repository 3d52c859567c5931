import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import {
  capsuleLengthWarning,
  LEVELS,
  MAX_CAPSULE_MINUTES,
  parseLevel,
} from '../../src/domain/capsule-length.ts';

describe('capsule length', () => {
  it('recommends shorter capsules for younger students', () => {
    expect(LEVELS).toEqual(['primaire', 'college', 'lycee', 'superieur']);
    expect(MAX_CAPSULE_MINUTES).toEqual({ primaire: 5, college: 8, lycee: 12, superieur: 20 });
    const maxima = LEVELS.map((level) => MAX_CAPSULE_MINUTES[level]);
    expect([...maxima].sort((a, b) => a - b)).toEqual(maxima);
  });

  it('warns only above the recommended maximum', () => {
    expect(capsuleLengthWarning('primaire', 4)).toBeNull();
    expect(capsuleLengthWarning('primaire', 5)).toBeNull();
    expect(capsuleLengthWarning('primaire', 5.5)).toEqual({ max: 5 });
    expect(capsuleLengthWarning('college', 9)).toEqual({ max: 8 });
    expect(capsuleLengthWarning('lycee', 12)).toBeNull();
    expect(capsuleLengthWarning('superieur', 25)).toEqual({ max: 20 });
  });
});

describe('parseLevel', () => {
  it.each([
    ['primaire', 'primaire'],
    ['  École primaire ', 'primaire'],
    ['CM2', 'primaire'],
    ['elementary school', 'primaire'],
    ['collège', 'college'],
    ['Collège', 'college'],
    ['college', 'college'],
    ['4ème', 'college'],
    ['middle school', 'college'],
    ['Middle-School', 'college'],
    ['lycée', 'lycee'],
    ['Terminale', 'lycee'],
    ['1re', 'lycee'],
    ['High School', 'lycee'],
    ['université', 'superieur'],
    ['supérieur', 'superieur'],
    ['university', 'superieur'],
    ['BTS', 'superieur'],
  ])('reads %j as %s', (text, level) => {
    expect(parseLevel(text)).toBe(level);
  });

  it('lists the choices when it does not know the level', () => {
    let caught: unknown;
    try {
      parseLevel('kindergarten');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect(caught).toMatchObject({
      key: 'parse:badLevel',
      params: { text: 'kindergarten', choices: 'primaire, college, lycee, superieur' },
    });
  });
});
