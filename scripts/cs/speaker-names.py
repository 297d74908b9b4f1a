{
    ("children", "Read aloud: %(text)s"): "Přečti nahlas: %(text)s",
    ("adults", "Read aloud: %(text)s"): "Přečtěte nahlas: %(text)s",
    ("children", "Read aloud: %(text)s (question: %(question)s)"): "Přečti nahlas: %(text)s (otázka: %(question)s)",
    ("adults", "Read aloud: %(text)s (question: %(question)s)"): "Přečtěte nahlas: %(text)s (otázka: %(question)s)",
}
