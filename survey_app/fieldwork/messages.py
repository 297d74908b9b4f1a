"""The catalogue of focus-group, photo and safeguarding error messages (cs, en) and the
error type that carries them (no Flask).

Like responses/messages.py for the answers: the pure modules raise an error with a `code` and
its parameters; the blueprint renders it in the request's language. A reason is
shown after the field's label ("Bod na mapě: bod (50,7; 13,5662) leží mimo mapu"),
so it starts in lower case. Phrased to stay grammatical for any number put in
("počet jmen může být nejvýše {max}", not "nejvýše {max} jmen").
"""
from ..vocabulary import Catalogue, CodedError

MESSAGES = {
    # --- focus-group records (focus_groups.py) ---
    "no_map_question": {
        "cs": "dotazník {questionnaire} nemá mapovou otázku „{question}“",
        "en": "{questionnaire} has no map question '{question}'",
    },
    "not_text": {
        "cs": "musí to být text",
        "en": "must be text",
    },
    "required": {
        "cs": "je potřeba vyplnit",
        "en": "is required",
    },
    "too_long": {
        "cs": "text je příliš dlouhý (počet znaků: {length}, nejvýše {limit})",
        "en": "is too long ({length} characters, at most {limit})",
    },
    "not_whole_number": {
        "cs": "„{value}“ není celé číslo",
        "en": "'{value}' is not a whole number",
    },
    "out_of_range": {
        "cs": "zadejte číslo od {low} do {high} (zadáno: {value})",
        "en": "must be between {low} and {high} (found {value})",
    },
    "no_campaign": {
        "cs": "šetření {id} neexistuje",
        "en": "there is no campaign {id}",
    },
    "campaign_other_questionnaire": {
        "cs": "šetření {id} patří k dotazníku {actual}, ne k dotazníku {expected}",
        "en": "campaign {id} is for questionnaire {actual}, not {expected}",
    },
    "not_a_date": {
        "cs": "„{value}“ není datum (RRRR-MM-DD)",
        "en": "'{value}' is not a date (YYYY-MM-DD)",
    },
    "facilitator_required": {
        "cs": "uveďte alespoň jednoho facilitátora (pracovníka, nikdy ne dítě)",
        "en": "name at least one facilitator (staff, not children)",
    },
    "too_many_facilitators": {
        "cs": "počet jmen může být nejvýše {max}",
        "en": "at most {max} names",
    },
    "no_children": {
        "cs": "zadejte, kolik dětí se zúčastnilo (podle věkové skupiny a pohlaví)",
        "en": "enter how many children took part (by age band and gender)",
    },
    "too_many_children": {
        "cs": "počet dětí v jednom záznamu může být nejvýše {max}",
        "en": "at most {max} children in one record",
    },
    "consent_not_confirmed": {
        "cs": "potvrďte, že rodiče dali souhlas a že děti samy souhlasily",
        "en": "confirm that parental consent and the children's own assent were obtained",
    },
    "parental_consents_short": {
        "cs": "souhlasů je méně ({given}) než dětí ({present}): každé dítě potřebuje souhlas rodiče",
        "en": "{given} parental consents for {present} children: every child needs one",
    },
    "assents_short": {
        "cs": "souhlasů je méně ({given}) než dětí ({present}): každé dítě musí samo souhlasit",
        "en": "{given} assents for {present} children: every child must agree",
    },
    "unknown_place": {
        "cs": "neznámé místo „{value}“",
        "en": "unknown place '{value}'",
    },
    "point_not_numbers": {
        "cs": "bod musí být dvě čísla (zeměpisná šířka a délka)",
        "en": "the point must be two numbers (lat, lon)",
    },
    "point_outside_map": {
        "cs": "bod ({lat}; {lon}) leží mimo mapu",
        "en": "the point {lat}, {lon} is outside the map",
    },
    "point_or_place": {
        "cs": "umístěte lístek na mapu, nebo vyberte místo ze seznamu",
        "en": "put the note on the map or choose a place",
    },
    "choose_category": {
        "cs": "vyberte, co tam je (jednu z možností: {choices})",
        "en": "choose a category (one of {choices})",
    },
    "choose_experience": {
        "cs": "vyberte, jestli jde o vlastní zkušenost, nebo o něco z doslechu",
        "en": "choose own experience or heard about it",
    },
    "unknown_age_band": {
        "cs": "neznámá věková skupina „{value}“",
        "en": "unknown age band '{value}'",
    },
    "no_focus_group": {
        "cs": "fokusní skupina {id} neexistuje",
        "en": "there is no focus group {id}",
    },
    "no_note": {
        "cs": "lístek „{id}“ v této fokusní skupině není",
        "en": "there is no note '{id}' in this focus group",
    },
    "no_photo": {
        "cs": "fotografie „{id}“ v této fokusní skupině není",
        "en": "there is no photo '{id}' in this focus group",
    },
    # --- photos of the paper map (photos.py) ---
    "photo_bad_id": {
        "cs": "neplatné označení fotografie „{id}“",
        "en": "invalid photo id '{id}'",
    },
    "photo_bad_extension": {
        "cs": "neplatná přípona fotografie „{ext}“",
        "en": "invalid photo extension '{ext}'",
    },
    "photo_empty": {
        "cs": "soubor je prázdný: vyberte fotografii",
        "en": "the file is empty: choose a photo",
    },
    "photo_too_big": {
        "cs": "soubor je příliš velký: přijmout lze nejvýše {limit} MB",
        "en": "the file is too large: at most {limit} MB is accepted",
    },
    "photo_wrong_format": {
        "cs": "soubor je obrázek ve formátu {format}: nahrajte fotografii ve formátu JPEG nebo PNG",
        "en": "the file is a {format} image: upload a JPEG or PNG photo",
    },
    "photo_not_image": {
        "cs": "soubor není obrázek JPEG ani PNG (nebo je poškozený)",
        "en": "the file is not a JPEG or PNG image (or it is damaged)",
    },
    "photo_too_many_pixels": {
        "cs": "obrázek je příliš velký ({width} × {height} pixelů)",
        "en": "the image is too large ({width}×{height} pixels)",
    },
    "photo_bomb": {
        "cs": "obrázek má příliš mnoho pixelů",
        "en": "the image is too large in pixels",
    },
    "bounds_not_numbers": {
        "cs": "rohy musí být čtyři čísla: jih, západ, sever, východ",
        "en": "the corners must be four numbers: south, west, north, east",
    },
    "bounds_order": {
        "cs": "jih musí být menší než sever a západ menší než východ",
        "en": "south must be less than north and west less than east",
    },
    "bounds_far": {
        "cs": "rohy leží daleko mimo mapu města",
        "en": "the corners are far outside the town's map",
    },
    # --- safeguarding flags (safeguarding.py) ---
    "action_required": {
        "cs": "napište, co se udělalo (např. mluvili jsme s dítětem, informovali jsme OSPOD)",
        "en": "write what was done (e.g. talked to the child, informed OSPOD)",
    },
}


# Read-only; the mechanism (formatting, fallback, the error's message()) is the shared
# vocabulary.Catalogue and CodedError, which responses/messages.py uses for the answers.
CATALOGUE = Catalogue(MESSAGES)
MESSAGES = CATALOGUE.messages
message = CATALOGUE.bind()


class CatalogueError(CodedError, ValueError):
    """An error with a `code` of MESSAGES, its `params` and, for form input, the
    `field` it is about. str() is the English text (for logs and tracebacks);
    `message(lang)` is what a person reads."""

    catalogue = CATALOGUE

    def __init__(self, code: str, field: str | None = None, **params):
        self.field = field
        super().__init__(code, **params)

    def describe(self) -> str:
        english = message(self.code, "en", **self.params)
        return f"{self.field}: {english}" if self.field else english

    def __repr__(self):
        return f"{type(self).__name__}({self.code!r}, field={self.field!r}, **{self.params!r})"
