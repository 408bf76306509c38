Bblocks.layers.0.linear2.biasJ@lº–© ¼ÄÔŒ9(Bl»xrÌ9Ú@œº96;@¸º»..º;£íúº\½:dô
;ºWB:wåü;ce-»% ¢;