{
    "The field '%(field)s' contains a character that cannot be stored (U+%(code)s).":
        "Pole „%(field)s“ obsahuje znak, který nelze uložit (U+%(code)s).",
    "Send the body as JSON with the header Content-Type: application/json.":
        "Pošlete tělo požadavku jako JSON s hlavičkou Content-Type: application/json.",
    "This form was sent from another site.":
        "Tento formulář byl odeslán z jiného webu.",
}
