B(encoder.layers.0.self_attn.out_proj.biasJ@ö?Î½+8¿æj>,â½zI:¿uD¾Ãú´>‡
#?…µ¯½’må¾tð}=ýÍä>p×)</¸ù=I<Œ>~H¨>