// The quiz both platform cycle tests write: one graded question with an explanation, and one with
// six options, so the platforms must switch from buttons to a menu.
export const cycleQuizText = `? 1/2 + 1/4 = ?
- 2/6
* 3/4
- 1/3
> Same denominator first: 2/4 + 1/4.

? Which month has 28 days?
- January
- February only
- March
- April
- May
* All of them`;
