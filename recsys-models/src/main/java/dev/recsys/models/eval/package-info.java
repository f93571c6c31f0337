/**
 * Evaluation of ranking and rating models: {@link dev.recsys.models.eval.FactorizedTopK}, the
 * factorized top-k accuracy of the reference notebook.
 */
package dev.recsys.models.eval;
