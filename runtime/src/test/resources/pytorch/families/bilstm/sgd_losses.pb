B
sgd_lossesJ6|?L*š?Â€‘?