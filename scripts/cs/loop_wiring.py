{
    "Measures CSV": "Opatření (CSV)",
    "Before and after CSV": "Opatření před a po (CSV)",
    "No measure names places or answers to check.":
        "Žádné opatření neuvádí místa ani odpovědi, které by šlo zkontrolovat.",
    "No measures recorded yet.": "Zatím nejsou zaznamenána žádná opatření.",
    "Figures as the releases publish them; – means the release hides the figure (or does not hold it), and then there is no difference either.":
        "Údaje tak, jak je zveřejnění uvádějí; – znamená, že zveřejnění údaj skrývá (nebo ho neobsahuje), a pak chybí i rozdíl.",
    "– : the release hides this number (fewer than %(k)s people, or to protect another cell).":
        "– : zveřejnění tento počet skrývá (méně než %(k)s lidí, nebo aby chránilo jiné číslo).",
    "The questionnaire has no age question, so who took part cannot be shown by age band.":
        "Dotazník nemá otázku na věk, proto nelze ukázat, kdo se zúčastnil, podle věkových skupin.",
    "The town has not stated its population for this questionnaire yet (questionnaires/population/%(id)s.yaml), so there are no rates.":
        "Město k tomuto dotazníku zatím neuvedlo počet obyvatel (questionnaires/population/%(id)s.yaml), proto nejsou uvedeny podíly.",
    "Coverage by area is not shown: the questionnaire does not ask where respondents live; the town's figures by area are given for comparison.":
        "Účast podle území se neukazuje: dotazník se neptá, kde respondenti bydlí; počty obyvatel území jsou uvedeny pro srovnání.",
}
