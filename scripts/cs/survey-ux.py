# Czech for the survey-ux branch. Keys are English msgids; ("children" | "adults", msgid)
# keys are the per-audience forms (pgettext contexts): children are addressed "ty",
# adults "vy" (docs/survey.md).
{
    "New mark": "Nová značka",
    ("children", "You already have 1 mark. If you want to add another one, delete it first."):
        "Už máš 1 značku. Jestli chceš přidat další, nejdřív ji smaž.",
    ("adults", "You already have 1 mark. If you want to add another one, delete it first."):
        "Už máte 1 značku. Chcete-li přidat další, nejdřív ji smažte.",
    ("children", "You already have %(n)d marks. If you want to add another, delete one of them first."):
        "Už máš %(n)d značky. Jestli chceš přidat další, nejdřív nějakou smaž.",
    ("adults", "You already have %(n)d marks. If you want to add another, delete one of them first."):
        "Už máte %(n)d značky. Chcete-li přidat další, nejdřív některou smažte.",
    ("children", "You already have %(n)d marks. If you want to add another one, delete one first."):
        "Už máš %(n)d značek. Jestli chceš přidat další, nejdřív nějakou smaž.",
    ("adults", "You already have %(n)d marks. If you want to add another one, delete one first."):
        "Už máte %(n)d značek. Chcete-li přidat další, nejdřív některou smažte.",
    ("children", "The map ends here. Tap a place inside the map."):
        "Tady už mapa končí. Ťukni na místo uvnitř mapy.",
    ("adults", "The map ends here. Tap a place inside the map."):
        "Tady už mapa končí. Ťukněte na místo uvnitř mapy.",
    ("children", "Move the map so that the cross is on the place, then press “Add here”."):
        "Posuň mapu tak, aby byl křížek na tom místě, a zmáčkni „Přidat sem“.",
    ("adults", "Move the map so that the cross is on the place, then press “Add here”."):
        "Posuňte mapu tak, aby byl křížek na tom místě, a stiskněte „Přidat sem“.",
    ("children", "Move the map with one finger until the cross is on the place, then press “Add here”."):
        "Posuň mapu jedním prstem, až bude křížek na tom místě, a zmáčkni „Přidat sem“.",
    ("adults", "Move the map with one finger until the cross is on the place, then press “Add here”."):
        "Posuňte mapu jedním prstem, až bude křížek na tom místě, a stiskněte „Přidat sem“.",
    ("children", "Tap the place on the map. To move the map, use two fingers."):
        "Ťukni na místo na mapě. Mapu posuneš dvěma prsty.",
    ("adults", "Tap the place on the map. To move the map, use two fingers."):
        "Ťukněte na místo na mapě. Mapu posunete dvěma prsty.",
    ("children", "Click the place on the map. To move the map, drag it."):
        "Klikni na místo na mapě. Mapu posuneš tažením myší.",
    ("adults", "Click the place on the map. To move the map, drag it."):
        "Klikněte na místo na mapě. Mapu posunete tažením myší.",
    ("children", "The map could not be loaded. Choose the places from the list below."):
        "Mapu se nepodařilo načíst. Vyber místa ze seznamu pod ní.",
    ("adults", "The map could not be loaded. Choose the places from the list below."):
        "Mapu se nepodařilo načíst. Vyberte místa ze seznamu pod ní.",
    ("children", "Choose how you feel here."): "Vyber, jak se tu cítíš.",
    ("adults", "Choose how you feel here."): "Vyberte, jak se tu cítíte.",
    ("children", "Choose what is here."): "Vyber, co tu je.",
    ("adults", "Choose what is here."): "Vyberte, co tu je.",
    ("children", "Your marks"): "Tvoje značky",
    ("adults", "Your marks"): "Vaše značky",
    ("children", "Your mark"): "Tvoje značka",
    ("adults", "Your mark"): "Vaše značka",
    ("children", "How do you feel here?"): "Jak se tu cítíš?",
    ("adults", "How do you feel here?"): "Jak se tu cítíte?",
    ("children", "Do you want to say more? (you don't have to)"): "Chceš k tomu něco napsat? (nemusíš)",
    ("adults", "Do you want to say more? (you don't have to)"): "Chcete k tomu něco dodat? (nemusíte)",
    ("children", "Don't write any names."): "Nepiš sem žádná jména.",
    ("adults", "Don't write any names."): "Nepište sem žádná jména.",
    ("children", "Choose the places from the list. You can choose more than one."):
        "Vyber místa ze seznamu. Můžeš vybrat víc míst.",
    ("adults", "Choose the places from the list. You can choose more than one."):
        "Vyberte místa ze seznamu. Můžete vybrat více míst.",
    ("children", "Please check the highlighted answer."): "Zkontroluj prosím označenou odpověď.",
    ("adults", "Please check the highlighted answer."): "Zkontrolujte prosím označenou odpověď.",
    ("children", "Please check the highlighted answers."): "Zkontroluj prosím označené odpovědi.",
    ("adults", "Please check the highlighted answers."): "Zkontrolujte prosím označené odpovědi.",
    ("children", "You have not answered any question yet, so there is nothing to send. Answer at least one question, or just close the page."):
        "Zatím tu není žádná odpověď, takže není co poslat. Odpověz aspoň na jednu otázku, nebo stránku jen zavři.",
    ("adults", "You have not answered any question yet, so there is nothing to send. Answer at least one question, or just close the page."):
        "Zatím tu není žádná odpověď, takže není co odeslat. Odpovězte aspoň na jednu otázku, nebo stránku jen zavřete.",
}
