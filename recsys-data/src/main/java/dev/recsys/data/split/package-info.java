/** Train/test splits: seeded random by count or ratio, and per-user temporal. */
package dev.recsys.data.split;
