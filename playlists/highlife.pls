[playlist]
File1=music/01-ojo-ayo.mp3
Title1=Adébáyọ̀ Ọlá - Ọjọ́ Ayọ̀
File2=music/03-barka-da-safiya.mp3
Title2=Ɗanlami Sani - Barka da Safiya
File3=music/Lagoon Trio - Harmattan Breeze.mp3
Title3=Lagoon Trio - Harmattan Breeze
NumberOfEntries=3
Version=2
