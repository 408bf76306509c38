B
sgd_lossesJ¤â?ì(¹?›Ú?