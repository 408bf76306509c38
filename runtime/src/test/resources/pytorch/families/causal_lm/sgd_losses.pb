B
sgd_lossesJ¥L@˜ÏK@ôªJ@