// French elision for names put into sentences: "la question de Léa" but "la question d'Inès".
// Used as an i18next formatter, `{{name, de}}`, so translators keep the whole sentence in the locale.

/** Words starting with these letters take "d'" (h is left out: "de Hugo" and "d'Hugo" both occur). */
const VOWEL = /^[aeiouyàâäéèêëîïôöùûüœæ]/i;
/** "Y" before a vowel sounds like a consonant: "de Yanis", "de Yoan". */
const CONSONANT_Y = /^y[aeiouàâäéèêëîïôöùûü]/i;

/** "de X" or "d'X", by the first letter of X as it is said. */
export function elideDe(value: string): string {
  const text = value.trim();
  const first = text.normalize('NFC');
  return VOWEL.test(first) && !CONSONANT_Y.test(first) ? `d'${text}` : `de ${text}`;
}
