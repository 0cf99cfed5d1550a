/**
 * Type on the wall, rem (app.css makes 1rem 32 px at 1920x1080 and 64 px at 3840x2160, so the
 * stage is 60 rem wide whatever the panel). DOMAIN.md, "Reading a wall from 5 metres": characters
 * need 16 arc-minutes at 5 m, a 23 mm cap height. A 55-inch panel is 1,218 mm wide, 20.3 mm a rem;
 * with a cap height of 0.72 em that takes a 1.58rem font: DOMAIN.md's 52 px at 1080p, 1.625rem, is
 * the floor. No text on the wall is smaller (the browser test measures every label). Keep in step
 * with `--floor` in wall.css.
 */
export const floorRem = 1.625;

/** Mean advance of a bold character of the wall's sans-serif, em: for sizing boxes before layout. */
export const boldCharEm = 0.6;
