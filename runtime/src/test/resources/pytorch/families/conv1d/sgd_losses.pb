B
sgd_lossesJ[Î?y‹?w‰?