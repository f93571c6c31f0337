/**
 * Train / validation / test splits ({@link dev.recsys.data.split.Split}): seeded random by count
 * or ratio, per-user temporal and global temporal ({@link dev.recsys.data.split.Splits}).
 */
package dev.recsys.data.split;
