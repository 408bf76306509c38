B
sgd_lossesJ
fâ?Õ~ï?£Iç?