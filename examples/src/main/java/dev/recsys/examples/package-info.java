/**
 * Runnable programs to start with: {@link dev.recsys.examples.QuickStart} (the main job: train,
 * evaluate, save, load, recommend), {@link dev.recsys.examples.NotebookReplay},
 * {@link dev.recsys.examples.ServeFromDisk} (a model file answering stdin),
 * {@link dev.recsys.examples.ServeHttp} (the same over HTTP, with hot swap),
 * {@link dev.recsys.examples.ApiTour} and
 * {@link dev.recsys.examples.ExploreData}, which summarizes a MovieLens folder.
 */
package dev.recsys.examples;
