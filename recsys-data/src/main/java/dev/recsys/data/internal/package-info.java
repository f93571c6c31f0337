/** Helpers shared between the data packages; not part of the public API and may change without notice. */
package dev.recsys.data.internal;
