{
    ("children", "Read aloud: %(text)s"): "Прочитай вголос: %(text)s",
    ("adults", "Read aloud: %(text)s"): "Прочитайте вголос: %(text)s",
    ("children", "Read aloud: %(text)s (question: %(question)s)"): "Прочитай вголос: %(text)s (питання: %(question)s)",
    ("adults", "Read aloud: %(text)s (question: %(question)s)"): "Прочитайте вголос: %(text)s (питання: %(question)s)",
}
