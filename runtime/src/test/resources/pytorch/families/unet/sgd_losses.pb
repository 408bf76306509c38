B
sgd_lossesJ\•?vê’?=Ý“?