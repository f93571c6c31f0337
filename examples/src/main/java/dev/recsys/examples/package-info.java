/** Runnable programs to start with: {@link dev.recsys.examples.ExploreData} summarizes a MovieLens folder. */
package dev.recsys.examples;
