Bencoder.layers.0.norm2.biasJ@Ñ‰½ï.½²ab½uÀ
½*É=ı3×½oá=9Ş=8õ¾Œ»=Yå;ævX<m½ú/=ş5¾½z’ı=