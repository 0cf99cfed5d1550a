/**
 * Type on the wall, rem (app.css makes 1rem 32 px at 1920x1080 and 64 px at 3840x2160, so the
 * stage is 60 rem wide whatever the panel). DOMAIN.md, "Reading a wall from 5 metres": characters
 * need 16 arc-minutes at 5 m, a 23 mm cap height. A 55-inch panel is 1,218 mm wide, 20.3 mm a rem;
 * with Inter's cap height of 0.727 em that takes a 1.56rem font: DOMAIN.md's 52 px at 1080p, 1.625rem, is
 * the floor. No text on the wall is smaller (the browser test measures every label). Keep in step
 * with `--floor` in wall.css.
 */
export const floorRem = 1.625;

/**
 * How much larger than the shipped font's text every box sized ahead of layout must allow for: a
 * font with other metrics, or a future version of it, still fits (the browser test sets all text
 * 10% larger, app.css `--text-scale`, and checks that nothing is cut off or overlaps).
 */
export const textSlack = 1.1;

/** Mean advance of a character in Inter Bold (the shipped font), em, at the widest among the wall's labels (0.52-0.62). */
export const boldCharEm = 0.62;

/** Advance of a digit in Inter (tabular figures, all weights up to bold), em. */
export const digitEm = 0.65;
