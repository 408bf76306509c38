B
sgd_lossesJ¸"‘?Ù¾‰?yü?