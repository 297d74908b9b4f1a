# Czech for branch field-gaps: answer-validation messages, ty (children) / vy (adults).
{
    ('children', 'Please answer this question.'):
        'Tuto otázku je potřeba vyplnit.',
    ('adults', 'Please answer this question.'):
        'Tuto otázku je potřeba vyplnit.',
    ('children', 'Please choose one of the options offered.'):
        'Vyber jednu z nabízených možností.',
    ('adults', 'Please choose one of the options offered.'):
        'Vyberte jednu z nabízených možností.',
    ('children', 'The answer has the wrong form: a list is expected.'):
        'Odpověď má nesprávný tvar: očekává se seznam.',
    ('adults', 'The answer has the wrong form: a list is expected.'):
        'Odpověď má nesprávný tvar: očekává se seznam.',
    ('children', 'Too many choices (at most {max}).'):
        'Možností můžeš vybrat nejvýše {max}.',
    ('adults', 'Too many choices (at most {max}).'):
        'Možností můžete vybrat nejvýše {max}.',
    ('children', 'Too few choices (at least {min}).'):
        'Možností vyber alespoň {min}.',
    ('adults', 'Too few choices (at least {min}).'):
        'Možností vyberte alespoň {min}.',
    ('children', 'Please enter a number.'):
        'Napiš číslo.',
    ('adults', 'Please enter a number.'):
        'Zadejte číslo.',
    ('children', 'Please enter a whole number.'):
        'Napiš celé číslo.',
    ('adults', 'Please enter a whole number.'):
        'Zadejte celé číslo.',
    ('children', 'Please enter a number from {min} to {max}.'):
        'Napiš číslo od {min} do {max}.',
    ('adults', 'Please enter a number from {min} to {max}.'):
        'Zadejte číslo od {min} do {max}.',
    ('children', 'The number must be at least {min}.'):
        'Číslo musí být nejméně {min}.',
    ('adults', 'The number must be at least {min}.'):
        'Číslo musí být nejméně {min}.',
    ('children', 'The number must be at most {max}.'):
        'Číslo může být nejvýše {max}.',
    ('adults', 'The number must be at most {max}.'):
        'Číslo může být nejvýše {max}.',
    ('children', 'The text is too long (at most {max} characters).'):
        'Text je příliš dlouhý (počet znaků nejvýše {max}).',
    ('adults', 'The text is too long (at most {max} characters).'):
        'Text je příliš dlouhý (počet znaků nejvýše {max}).',
    ('children', 'The answer must be text.'):
        'Odpověď musí být text.',
    ('adults', 'The answer must be text.'):
        'Odpověď musí být text.',
    ('children', 'This question is not asked after your earlier answers.'):
        'Na tuto otázku se podle tvých předchozích odpovědí neodpovídá.',
    ('adults', 'This question is not asked after your earlier answers.'):
        'Na tuto otázku se podle vašich předchozích odpovědí neodpovídá.',
    ('children', 'There is no such question in this questionnaire.'):
        'Taková otázka v dotazníku není.',
    ('adults', 'There is no such question in this questionnaire.'):
        'Taková otázka v dotazníku není.',
    ('children', 'This part of the questionnaire is information only; it takes no answer.'):
        'Tato část dotazníku je jen informace, neodpovídá se na ni.',
    ('adults', 'This part of the questionnaire is information only; it takes no answer.'):
        'Tato část dotazníku je jen informace, neodpovídá se na ni.',
    ('children', 'The answers must be an object with an answer for each question.'):
        'Odpovědi musí být objekt, ve kterém je ke každé otázce její odpověď.',
    ('adults', 'The answers must be an object with an answer for each question.'):
        'Odpovědi musí být objekt, ve kterém je ke každé otázce její odpověď.',
    ('children', 'You have not answered any question yet, so there is nothing to send. Answer at least one question.'):
        'Zatím tu není žádná odpověď, takže není co poslat. Odpověz aspoň na jednu otázku.',
    ('adults', 'You have not answered any question yet, so there is nothing to send. Answer at least one question.'):
        'Zatím tu není žádná odpověď, takže není co odeslat. Odpovězte aspoň na jednu otázku.',
    ('children', 'A mark has the wrong form.'):
        'Značka má nesprávný tvar.',
    ('adults', 'A mark has the wrong form.'):
        'Značka má nesprávný tvar.',
    ('children', 'A mark has no valid position.'):
        'Značka nemá platnou polohu.',
    ('adults', 'A mark has no valid position.'):
        'Značka nemá platnou polohu.',
    ('children', 'A mark is outside the map.'):
        'Značka je mimo mapu.',
    ('adults', 'A mark is outside the map.'):
        'Značka je mimo mapu.',
    ('children', 'Choose one of the offered categories for the mark.'):
        'Vyber pro značku jednu z nabízených kategorií.',
    ('adults', 'Choose one of the offered categories for the mark.'):
        'Vyberte pro značku jednu z nabízených kategorií.',
    ('children', 'A mark has an invalid feeling.'):
        'U značky je neplatný pocit.',
    ('adults', 'A mark has an invalid feeling.'):
        'U značky je neplatný pocit.',
    ('children', 'For each mark, choose whether you feel safe there or not.'):
        'U každé značky vyber, jestli se tam cítíš bezpečně, nebo ne.',
    ('adults', 'For each mark, choose whether you feel safe there or not.'):
        'U každé značky vyberte, jestli se tam cítíte bezpečně, nebo ne.',
    ('children', 'Comments cannot be added to marks here.'):
        'Ke značce zde nelze připsat komentář.',
    ('adults', 'Comments cannot be added to marks here.'):
        'Ke značce zde nelze připsat komentář.',
    ('children', 'The comment on a mark must be text.'):
        'Komentář ke značce musí být text.',
    ('adults', 'The comment on a mark must be text.'):
        'Komentář ke značce musí být text.',
    ('children', 'The comment on a mark is too long (at most {max} characters).'):
        'Komentář ke značce je příliš dlouhý (počet znaků nejvýše {max}).',
    ('adults', 'The comment on a mark is too long (at most {max} characters).'):
        'Komentář ke značce je příliš dlouhý (počet znaků nejvýše {max}).',
    ('children', 'Choose a place from the list.'):
        'Vyber místo ze seznamu.',
    ('adults', 'Choose a place from the list.'):
        'Vyberte místo ze seznamu.',
    ('children', 'Too many marks (at most {max}).'):
        'Značek můžeš přidat nejvýše {max}.',
    ('adults', 'Too many marks (at most {max}).'):
        'Značek můžete přidat nejvýše {max}.',
    ('children', 'Too few marks (at least {min}).'):
        'Značek přidej alespoň {min}.',
    ('adults', 'Too few marks (at least {min}).'):
        'Značek přidejte alespoň {min}.',
    ('children', "A mark contains an unknown field '{key}'."):
        'Značka obsahuje neznámý údaj „{key}“.',
    ('adults', "A mark contains an unknown field '{key}'."):
        'Značka obsahuje neznámý údaj „{key}“.',
    # For the read-aloud buttons per audience (template patch in the field-gaps report).
    ('children', 'Read it to me'):
        'Přečti mi to',
    ('adults', 'Read it to me'):
        'Přečíst nahlas',
    ('children', 'Read this aloud'):
        'Přečti mi tohle',
    ('adults', 'Read this aloud'):
        'Přečíst nahlas',
    ('children', 'Read it to me: the question, then every answer'):
        'Přečti mi to: otázku a potom všechny odpovědi',
    ('adults', 'Read it to me: the question, then every answer'):
        'Přečíst nahlas: otázku a potom všechny odpovědi',
}
