// Recommended maximum capsule length per class level, as data. Why these numbers: docs/capsule-length.md.
// The limit only produces a warning: the teacher knows the class and may go over.
import { UserError } from '../core/errors.ts';

/** Class levels, in the French school system's terms (the ids stored in the database). */
export const LEVELS = ['primaire', 'college', 'lycee', 'superieur'] as const;

/** A class level. */
export type Level = (typeof LEVELS)[number];

/**
 * Recommended maximum capsule length in minutes. Bergmann & Sams' rule of thumb for flipped classes is
 * one to one and a half minutes per grade level, taken at its low end and at the top grade of each
 * level (CM2 = grade 5, 3e = grade 9, terminale = grade 12); higher education gets 20 minutes, though
 * engagement already falls after about 6 minutes for adults online (Guo, Kim & Rubin, 2014).
 */
export const MAX_CAPSULE_MINUTES: Readonly<Record<Level, number>> = Object.freeze({
  primaire: 5,
  college: 8,
  lycee: 12,
  superieur: 20,
});

/** What the teacher is warned about: the recommended maximum the capsule goes over. */
export interface CapsuleLengthWarning {
  max: number;
}

/** A warning when a capsule of `minutes` is longer than recommended for `level`, else null. */
export function capsuleLengthWarning(level: Level, minutes: number): CapsuleLengthWarning | null {
  const max = MAX_CAPSULE_MINUTES[level];
  return minutes > max ? { max } : null;
}

// Names a teacher may type, compared without accents, case or punctuation. "college" is the French
// collège (ages 11-15), never the American college: the level ids are French and so are most teachers.
const NAMES: Readonly<Record<Level, string>> = {
  primaire:
    'primaire|ecole primaire|ecole elementaire|elementaire|ecole|maternelle|cp|ce1|ce2|cm1|cm2|' +
    'primary|primary school|elementary|elementary school|grade school',
  college:
    'college|cycle 4|6e|6eme|sixieme|5e|5eme|cinquieme|4e|4eme|quatrieme|3e|3eme|troisieme|' +
    'middle school|middle|junior high|junior high school',
  lycee:
    'lycee|lycee general|lycee technologique|lycee professionnel|seconde|2nde|2de|premiere|1re|1ere|' +
    'terminale|tle|high school|high|senior high|sixth form',
  superieur:
    'superieur|enseignement superieur|universite|fac|faculte|licence|master|bts|iut|prepa|cpge|' +
    'university|uni|higher education|higher ed|undergraduate|graduate|postgraduate',
};

const LOOKUP: ReadonlyMap<string, Level> = new Map(
  LEVELS.flatMap((level) => NAMES[level].split('|').map((name) => [name, level] as const)),
);

/** The level named by `text`, in French or English. Throws `parse:badLevel` with the accepted ids. */
export function parseLevel(text: string): Level {
  const key = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '') // accents: "collège" -> "college"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const level = LOOKUP.get(key);
  if (!level) throw new UserError('parse:badLevel', { text, choices: LEVELS.join(', ') });
  return level;
}
