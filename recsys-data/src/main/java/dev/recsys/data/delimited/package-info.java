/**
 * Your own data: {@link dev.recsys.data.delimited.DelimitedReader} reads interactions and items
 * from CSV or TSV files with a column mapping, string ids mapped to dense ints by fitted
 * {@link dev.recsys.core.data.IdDictionary dictionaries}, implicit or explicit feedback, and
 * timestamps as epoch seconds, milliseconds or ISO-8601.
 */
package dev.recsys.data.delimited;
