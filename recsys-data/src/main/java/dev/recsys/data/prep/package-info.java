/**
 * Preprocessing as small composable steps (the reference notebook's minimum-ratings filter,
 * missing-value drop and merge with the catalogue) and the calendar time features.
 */
package dev.recsys.data.prep;
