{
    "The field '%(field)s' contains a character that cannot be stored (U+%(code)s).":
        "Pole „%(field)s“ obsahuje znak, který nelze uložit (U+%(code)s).",
    "Send the body as JSON with the header Content-Type: application/json.":
        "Pošlete tělo požadavku jako JSON s hlavičkou Content-Type: application/json.",
    "This form was sent from another site.":
        "Tento formulář byl odeslán z jiného webu.",
    "Too many failed logins. Please wait %(minutes)d min and try again.":
        "Příliš mnoho neúspěšných přihlášení. Počkejte %(minutes)d min a zkuste to znovu.",
    "Too many failed logins. Please wait %(seconds)d s and try again.":
        "Příliš mnoho neúspěšných přihlášení. Počkejte %(seconds)d s a zkuste to znovu.",
}
