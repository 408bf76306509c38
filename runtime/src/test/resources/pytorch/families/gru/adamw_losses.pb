Badamw_lossesJ
f‰?pÚ–?»?