Bencoder.layers.1.norm1.weightJ@à–’;Aÿl=.HÅ»SðQ=Ú–Í¼ø3=â$»:³L¼`W¸»f¦v¼¼uÕ<$æ<þT=é,
½zU´½=