"""Prints, as JSON, what TensorBoard's own reader makes of an event directory (for TensorBoardReadBackTest).

Usage: read_tensorboard_events.py LOGDIR
Output: {"scalars": {tag: [[step, value], ...]}, "hparams": {name: value}, "end_status": "STATUS_...",
         "hparams_tensors": {tag: count}}
"""
import json
import sys

from google.protobuf import json_format
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.plugins.hparams import api_pb2, metadata


def main(logdir):
    # size 0 keeps every event; purging orphaned data (the default) is what a resumed run relies on
    accumulator = EventAccumulator(logdir, size_guidance={"scalars": 0, "tensors": 0})
    accumulator.Reload()
    tags = accumulator.Tags()
    scalars = {tag: [[e.step, e.value] for e in accumulator.Scalars(tag)] for tag in tags["scalars"]}
    content = accumulator.PluginTagToContent(metadata.PLUGIN_NAME)
    start = metadata.parse_session_start_info_plugin_data(content[metadata.SESSION_START_INFO_TAG])
    end = metadata.parse_session_end_info_plugin_data(content[metadata.SESSION_END_INFO_TAG])
    hparams = {name: json_format.MessageToDict(value) for name, value in start.hparams.items()}
    hparams_tensors = {tag: len(accumulator.Tensors(tag)) for tag in tags["tensors"]}
    print(json.dumps({"scalars": scalars, "hparams": hparams, "end_status": api_pb2.Status.Name(end.status),
                      "hparams_tensors": hparams_tensors}))


if __name__ == "__main__":
    main(sys.argv[1])
