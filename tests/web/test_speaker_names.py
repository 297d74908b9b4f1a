"""Every read-aloud speaker's screen-reader name says what it reads (issue 16 follow-up):
"Přečti nahlas: <text>" in the page language, ty to children and vy to adults, long texts
shortened to whole words, the question added where the same words recur on a screen, and
a questionnaire text always as text (escaped), never as markup."""
import html
import re
from types import SimpleNamespace

import pytest

from survey_app.web.audio.texts import Text, shorten, speaker_texts

SPEAKER = re.compile(r'<button type="button" class="read-aloud-speaker" data-audio-src="[^"]*" '
                     r'data-text-key="([^"]*)" aria-label="([^"]*)" title="([^"]*)" hidden>')


@pytest.fixture
def app_config(app_config):
    # Generated speech "available" (nothing is spoken to render a page): every text has a speaker.
    return {**app_config, "SURVEY_AUDIO_ESPEAK": "espeak-ng"}


def speakers(page):
    """[(text key, accessible name)] of the page's speakers; the title always equals the name."""
    found = SPEAKER.findall(page)
    assert [label for _k, label, _t in found] == [title for _k, _l, title in found]
    return [(key, html.unescape(label)) for key, label, _title in found]


def screen(client, qid, screen_id, lang):
    client.get(f"/s/{qid}?lang={lang}")
    client.post(f"/s/{qid}/start")
    return client.get(f"/s/{qid}/q/{screen_id}").get_data(as_text=True)


# ---- shorten ---------------------------------------------------------------------------

def test_shorten__short_text__whole_on_one_line():
    assert shorten("Kolik  ti\nje let?") == "Kolik ti je let?"


def test_shorten__long_text__whole_words_and_ellipsis():
    text = "Ukaž místa, kde se bojíš, a vyber, čeho se tam bojíš. Můžeš ukázat i místo, kde se cítíš dobře."
    assert shorten(text) == "Ukaž místa, kde se bojíš, a vyber, čeho se tam bojíš. Můžeš…"
    assert shorten(text, 20) == "Ukaž místa, kde se…"  # the comma before the cut goes too


def test_shorten__cut_at_a_space__keeps_the_last_whole_word():
    assert shorten("aaaa bbbb cccc", 10) == "aaaa bbbb…"


def test_shorten__one_word_longer_than_the_limit__cut_inside_it():
    assert shorten("Nejnebezpečnější", 8) == "Nejnebe…"


# ---- speaker_texts (pure) --------------------------------------------------------------

def _questionnaire(*question_ids, one_per_page=False):
    page = SimpleNamespace(id="p", questions=[SimpleNamespace(id=qid) for qid in question_ids])
    return SimpleNamespace(one_question_per_page=one_per_page, pages=[page])


def test_speaker_texts__same_option_in_two_questions_of_a_page__each_says_its_question():
    texts = [Text("q.a.label", "a", {"cs": "Jak se cítíš ve dne?"}), Text("q.a.option.1", "a", {"cs": "Dobře"}),
             Text("q.b.label", "b", {"cs": "A večer?"}), Text("q.b.option.1", "b", {"cs": "Dobře"}),
             Text("q.b.option.2", "b", {"cs": "Špatně"})]
    assert speaker_texts(_questionnaire("a", "b"), texts, "cs") == {
        "q.a.label": ("Jak se cítíš ve dne?", None), "q.a.option.1": ("Dobře", "Jak se cítíš ve dne?"),
        "q.b.label": ("A večer?", None), "q.b.option.1": ("Dobře", "A večer?"), "q.b.option.2": ("Špatně", None)}


def test_speaker_texts__one_question_per_page__same_words_on_other_screens_left_alone():
    texts = [Text("q.a.label", "a", {"cs": "Ve dne?"}), Text("q.a.option.1", "a", {"cs": "Dobře"}),
             Text("q.b.label", "b", {"cs": "Večer?"}), Text("q.b.option.1", "b", {"cs": "Dobře"})]
    names = speaker_texts(_questionnaire("a", "b", one_per_page=True), texts, "cs")
    assert (names["q.a.option.1"], names["q.b.option.1"]) == (("Dobře", None), ("Dobře", None))


def test_speaker_texts__still_alike_with_the_question__numbered_in_page_order():
    texts = [Text("q.a.label", "a", {"cs": "Kde?"}), Text("q.a.option.x", "a", {"cs": "Tady"}),
             Text("q.a.option.y", "a", {"cs": "Tady"})]
    names = speaker_texts(_questionnaire("a"), texts, "cs")
    assert (names["q.a.option.x"], names["q.a.option.y"]) == (("Tady (1)", "Kde?"), ("Tady (2)", "Kde?"))


def test_speaker_texts__text_missing_in_the_language__no_name():
    texts = [Text("q.a.label", "a", {"cs": "Kde?", "uk": "Де?"}), Text("q.a.help", "a", {"cs": "Jen česky"})]
    assert speaker_texts(_questionnaire("a"), texts, "uk") == {"q.a.label": ("Де?", None)}


# ---- rendered screens ------------------------------------------------------------------

@pytest.mark.parametrize("lang, expected", [
    ("cs", [("q.vek.label", "Přečti nahlas: Kolik ti je let?"),
            ("q.vek.help", "Přečti nahlas: Vyber jeden obrázek."),
            ("q.vek.option.8-11", "Přečti nahlas: 8 až 11 let"),
            ("q.vek.option.12-14", "Přečti nahlas: 12 až 14 let"),
            ("q.vek.option.15-18", "Přečti nahlas: 15 až 18 let")]),
    ("uk", [("q.vek.label", "Прочитай вголос: Скільки тобі років?"),
            ("q.vek.help", "Прочитай вголос: Вибери одну картинку."),
            ("q.vek.option.8-11", "Прочитай вголос: 8–11 років"),
            ("q.vek.option.12-14", "Прочитай вголос: 12–14 років"),
            ("q.vek.option.15-18", "Прочитай вголос: 15–18 років")]),
    ("en", [("q.vek.label", "Read aloud: How old are you?"),
            ("q.vek.help", "Read aloud: Choose one picture."),
            ("q.vek.option.8-11", "Read aloud: 8 to 11 years"),
            ("q.vek.option.12-14", "Read aloud: 12 to 14 years"),
            ("q.vek.option.15-18", "Read aloud: 15 to 18 years")]),
])
def test_speaker_names__children_age_screen__ty_and_the_text_each_reads(client, lang, expected):
    page = screen(client, "deti-bezpeci", "vek", lang)
    assert speakers(page) == expected


def test_speaker_names__children_map_help__long_text_shortened_visible_text_whole(client, app):
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    help_text = questionnaire.question("mapa").help["cs"]
    page = screen(client, "deti-bezpeci", "mapa", "cs")
    names = dict(speakers(page))
    assert names["q.mapa.help"] == "Přečti nahlas: " + shorten(help_text)
    assert names["q.mapa.help"].endswith("…") and len(shorten(help_text)) <= 60
    assert f"{help_text} <button" in html.unescape(page)  # the page itself still shows all of it
    assert names["q.mapa.category.drogy"] == "Přečti nahlas: Prodávání drog"


def test_speaker_names__adults_two_smiley_questions__vy_and_unique_with_their_question(client):
    page = screen(client, "dospeli-bezpeci", "pocit_bezpeci", "cs")
    names = dict(speakers(page))
    assert len(set(names.values())) == len(names) == 15
    assert names["q.bezpeci_den.label"] == "Přečtěte nahlas: Jak bezpečně se cítíte venku v místě, kde bydlíte, ve dne?"
    assert names["q.bezpeci_den.option.1"] == "Přečtěte nahlas: Velmi špatně (otázka: Jak bezpečně se cítíte venku v místě…)"
    assert names["q.bezpeci_noc.option.1"] == "Přečtěte nahlas: Velmi špatně (otázka: A jak bezpečně se tam cítíte večer a v…)"
    assert names["q.bezpeci_noc.help"] == ("Přečtěte nahlas: Smutný obličej = velmi nebezpečně… "
                                           "(otázka: A jak bezpečně se tam cítíte večer a v…)")


def test_speaker_names__adults_trust_screen_uk__vy_and_unique(client):
    page = screen(client, "dospeli-bezpeci", "duvera", "uk")
    names = dict(speakers(page))
    assert len(set(names.values())) == len(names) == 7
    assert names["q.duvera_pcr.label"] == "Прочитайте вголос: Наскільки ви довіряєте Поліції ЧР?"
    assert names["q.duvera_pcr.help"] == ("Прочитайте вголос: 1 = зовсім не довіряю, 5 = повністю… "
                                          "(питання: Наскільки ви довіряєте Поліції ЧР?)")


def test_speaker_names__read_it_to_me_button__keeps_its_own_name(client):
    page = screen(client, "deti-bezpeci", "vek", "cs")
    assert ('<button type="button" class="read-aloud-all" aria-label="Přečti mi to: otázku a potom všechny '
            'odpovědi" hidden>') in page


def test_speaker_names__kiosk_start_and_help_box__say_their_texts(app, client, storage):
    from survey_app.fieldwork import campaigns
    _campaign, [tablet] = campaigns.create_campaign(storage, "deti-bezpeci", "2026-zima",
                                                    channels=[("tablet", "Libuše")])
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    names = dict(speakers(client.get(f"/k/{tablet['token']}?lang=cs").get_data(as_text=True)))
    assert list(names) == ["start.title", "start.intro", "helpline", "help"]
    assert names["start.title"] == "Přečti nahlas: " + questionnaire.title["cs"]
    assert names["helpline"] == "Přečti nahlas: Linka bezpečí 116 111. Zdarma, nonstop, nemusíš říkat své…"
    assert names["help"] == "Přečti nahlas: " + shorten(questionnaire.contact["cs"])


def test_speaker_names__markup_in_a_label__named_with_that_text_never_markup(client, questionnaires_dir):
    path = questionnaires_dir / "deti-bezpeci.yaml"
    source = path.read_text(encoding="utf-8")
    assert source.count('"Kolik ti je let?"') == 1
    path.write_text(source.replace('"Kolik ti je let?"', '"<img src=x onerror=alert(1)>"'), encoding="utf-8")
    page = screen(client, "deti-bezpeci", "vek", "cs")
    assert "<img src=x" not in page
    assert ('data-text-key="q.vek.label" aria-label="Přečti nahlas: &lt;img src=x onerror=alert(1)&gt;" '
            'title="Přečti nahlas: &lt;img src=x onerror=alert(1)&gt;" hidden>') in page
    assert dict(speakers(page))["q.vek.label"] == "Přečti nahlas: <img src=x onerror=alert(1)>"
