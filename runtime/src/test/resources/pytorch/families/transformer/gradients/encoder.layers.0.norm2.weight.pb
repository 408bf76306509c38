Bencoder.layers.0.norm2.weightJ@
 ü»X©ì»¡•»úÐ.½²¿<^d’<‚†Ý=j	µ»I½(LW<>"Ù¼ˆ9¼\<˜²Ð¼`~þ<Þ•¼