package dev.ortrain.spark.parallel;

import dev.ortrain.cli.DataParallelRecipe;
import dev.ortrain.cli.cluster.ClusterMaster;
import dev.ortrain.cli.cluster.DataParallelism;
import dev.ortrain.cli.cluster.StateExchange;
import dev.ortrain.loop.FitResult;
import dev.ortrain.spark.SparkContexts;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Trains one run data-parallel as a Spark barrier stage of one task per worker: the tasks start together, keep their
 * ONNX Runtime sessions open for the whole run, and average through the stage's all-gather or through files in the
 * run folder ({@link StateExchange}); or, with {@link StateExchange#TREE}, as a job per averaging round
 * ({@link TreeAggregation}). When a task fails or
 * its executor is lost, Spark retries the whole stage, and every worker resumes from the newest checkpoint they all
 * have; with checkpoints at every averaging round ({@code checkpointEvery} = K steps) a loss costs at most the
 * round in flight.
 */
public final class DataParallelTraining {
  /**
   * The run folder's folder of the states the workers exchange through it ({@code --exchange run_folder}), and of
   * the tree's markers that close superseded workers.
   */
  static final String EXCHANGE = "exchange";

  private final ClusterMaster master;

  public DataParallelTraining(ClusterMaster master) {
    this.master = master;
  }

  /** Worker 0's result, whose run folder is the run's. */
  public FitResult train(DataParallelRecipe recipe, DataParallelism parallelism, boolean resume) {
    int cores = parallelism.coresPerWorker();
    try (JavaSparkContext context = SparkContexts.open(master, "ortrain data-parallel " + recipe.experiment(),
        cores)) {
      FitResult result = parallelism.exchange() == StateExchange.TREE
          ? new TreeAggregation(context, recipe, parallelism).train(resume)
          : inBarrierStage(context, recipe, parallelism, resume);
      deleteExchanged(recipe);
      return result;
    }
  }

  private FitResult inBarrierStage(JavaSparkContext context, DataParallelRecipe recipe, DataParallelism parallelism,
      boolean resume) {
    int slots = SparkContexts.slots(context, parallelism.coresPerWorker());
    if (slots < parallelism.workers()) {
      throw new IllegalArgumentException(parallelism.workers() + " workers train at once in a barrier stage, but"
          + " Spark at " + master.url() + " has " + slots + " task slot(s): give --workers " + slots
          + " or fewer, a master with more cores, or --exchange tree (whose rounds are separate jobs)");
    }
    List<Integer> workers = IntStream.range(0, parallelism.workers()).boxed().toList();
    ClassTag<FitResult> resultType = ClassTag$.MODULE$.apply(FitResult.class);
    // The shuffle after the barrier stage makes it a map stage, the kind of barrier stage Spark retries whole.
    List<FitResult> results = context.parallelize(workers, workers.size()).rdd().barrier()
        .mapPartitions(new RunWorker(recipe, parallelism, resume), false, resultType).toJavaRDD().repartition(1)
        .collect();
    return results.get(0);
  }

  /** The states exchanged through the run folder, which no worker reads once the stage has ended. */
  private static void deleteExchanged(DataParallelRecipe recipe) {
    try {
      FolderExchange.deleteTree(recipe.workerFolder(0).resolve(EXCHANGE));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the exchanged states in " + recipe.workerFolder(0), e);
    }
  }

  /** The exchange the run asked for, for this task. */
  private static Exchange exchange(DataParallelRecipe recipe, DataParallelism parallelism, BarrierTaskContext task) {
    return switch (parallelism.exchange()) {
      case BARRIER -> new BarrierExchange(task);
      case RUN_FOLDER -> new FolderExchange(recipe.workerFolder(0).resolve(EXCHANGE).resolve("stage-"
          + task.stageId() + "-attempt-" + task.stageAttemptNumber()), task.partitionId(), parallelism.workers(),
          task::killTaskIfInterrupted);
      case TREE -> throw new IllegalArgumentException("--exchange tree runs a job per round, not a barrier stage");
    };
  }

  /** A barrier task's work, as the Scala function the barrier stage takes (its Java API has none). */
  private static final class RunWorker extends AbstractFunction1<Iterator<Integer>, Iterator<FitResult>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final DataParallelRecipe recipe;
    private final DataParallelism parallelism;
    private final boolean resume;

    RunWorker(DataParallelRecipe recipe, DataParallelism parallelism, boolean resume) {
      this.recipe = recipe;
      this.parallelism = parallelism;
      this.resume = resume;
    }

    @Override
    public Iterator<FitResult> apply(Iterator<Integer> ignored) {
      BarrierTaskContext task = BarrierTaskContext.get();
      boolean retried = task.stageAttemptNumber() > 0;
      FitResult result = new WorkerTask(recipe, parallelism, task.partitionId(), WorkerTask.LOCK_WAIT)
          .train(exchange(recipe, parallelism, task), resume || retried, retried);
      // worker 0's run folder is the run's, and so is its result
      List<FitResult> kept = task.partitionId() == 0 ? List.of(result) : List.of();
      return CollectionConverters.asScala(kept.iterator());
    }
  }
}
