B
sgd_lossesJњКр?Ъ$ @Я@