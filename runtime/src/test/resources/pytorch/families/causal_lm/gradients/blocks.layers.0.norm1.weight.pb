Bblocks.layers.0.norm1.weightJ@¹hW»øŠº!¼·cÝ:„Â:Þ>fºøB:×¡¿:¥‘?»Ìþž:ãe:+
Eº¸g…9»:¬šš¹5®: