B
sgd_lossesJWª?È}‡?Z³?