/**
 * Tasks and the models that join towers to them: the {@link dev.recsys.models.task.Retrieval}
 * task (in-batch softmax) in {@link dev.recsys.models.task.RetrievalModel}, the
 * {@link dev.recsys.models.task.Ranking} task (rating regression) in
 * {@link dev.recsys.models.task.RankingModel}, and both at once in
 * {@link dev.recsys.models.task.MultiTaskModel}. Tasks hold settings only; they never own towers.
 */
package dev.recsys.models.task;
