BlogitsJ0tD>M¥?ŠX¨¾rg±>l€¾
÷I¾h5?¿Nµ¾neg?8-R=-D¾