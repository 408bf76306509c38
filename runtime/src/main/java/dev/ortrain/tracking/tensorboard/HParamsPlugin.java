package dev.ortrain.tracking.tensorboard;

import com.google.protobuf.Value;
import dev.ortrain.tracking.HyperParameters;
import dev.ortrain.tracking.tensorboard.proto.DataType;
import dev.ortrain.tracking.tensorboard.proto.HParamsPluginData;
import dev.ortrain.tracking.tensorboard.proto.SessionEndInfo;
import dev.ortrain.tracking.tensorboard.proto.SessionStartInfo;
import dev.ortrain.tracking.tensorboard.proto.Status;
import dev.ortrain.tracking.tensorboard.proto.Summary;
import dev.ortrain.tracking.tensorboard.proto.SummaryMetadata;
import dev.ortrain.tracking.tensorboard.proto.TensorProto;
import dev.ortrain.tracking.tensorboard.proto.TensorShapeProto;

/**
 * Summaries for TensorBoard's hparams plugin, as its own {@code hparams.summary} writes them: the plugin's data
 * in the summary metadata under fixed tags, with an empty float tensor as the value. The plugin takes the
 * metrics to compare runs by from the run's scalars, so none are declared here.
 */
final class HParamsPlugin {
  static final String PLUGIN_NAME = "hparams";
  static final String SESSION_START_TAG = "_hparams_/session_start_info";
  static final String SESSION_END_TAG = "_hparams_/session_end_info";
  /** The plugin data version the plugin reads (its metadata.PLUGIN_DATA_VERSION). */
  private static final int VERSION = 0;
  private static final TensorProto EMPTY_TENSOR = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
      .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(0)))
      .build();

  private HParamsPlugin() {}

  static Summary sessionStart(HyperParameters hyperParameters, double startTime) {
    SessionStartInfo.Builder start = SessionStartInfo.newBuilder().setStartTimeSecs(startTime);
    hyperParameters.values().forEach((name, value) -> start.putHparams(name, protoValue(value)));
    return summary(SESSION_START_TAG, HParamsPluginData.newBuilder().setSessionStartInfo(start).build());
  }

  static Summary sessionEnd(Status status, double endTime) {
    SessionEndInfo end = SessionEndInfo.newBuilder().setStatus(status).setEndTimeSecs(endTime).build();
    return summary(SESSION_END_TAG, HParamsPluginData.newBuilder().setSessionEndInfo(end).build());
  }

  private static Summary summary(String tag, HParamsPluginData data) {
    SummaryMetadata metadata = SummaryMetadata.newBuilder().setPluginData(SummaryMetadata.PluginData.newBuilder()
        .setPluginName(PLUGIN_NAME).setContent(data.toBuilder().setVersion(VERSION).build().toByteString()))
        .build();
    return Summary.newBuilder()
        .addValue(Summary.Value.newBuilder().setTag(tag).setMetadata(metadata).setTensor(EMPTY_TENSOR)).build();
  }

  private static Value protoValue(HyperParameters.Value value) {
    if (value instanceof HyperParameters.Real real) {
      return Value.newBuilder().setNumberValue(real.value()).build();
    }
    if (value instanceof HyperParameters.Flag flag) {
      return Value.newBuilder().setBoolValue(flag.value()).build();
    }
    return Value.newBuilder().setStringValue(value.asText()).build();
  }
}
