B
sgd_lossesJğ§?á‹‡?s“?