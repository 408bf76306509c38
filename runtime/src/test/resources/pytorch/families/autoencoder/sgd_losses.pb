B
sgd_lossesJ6Ja?–F€?»%‘?