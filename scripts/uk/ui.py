# Ukrainian for respondents' pages (survey, kiosk, thank-you page, error pages) and the
# read-aloud buttons. NEEDS REVIEW by a native speaker: docs/translations-review.md.
{
    "Add here": "Додати тут",
    "Aim with the cross": "Навести хрестик",
    "Anonymous – we never ask for your name.": "Анонімно – ми ніколи не питаємо імені.",
    "Are you still there?": "Ти ще тут?",
    "At most %(n)d characters.": "Не більше %(n)d символів.",
    "Back": "Назад",
    "Back to the start": "На початок",
    "Change": "Змінити",
    "Choose how you feel here.": "Вибери, як ти тут почуваєшся.",
    "Choose the places from the list:": "Вибери місця зі списку:",
    "Choose what is here.": "Вибери, що тут є.",
    "Delete": "Видалити",
    "Delete this mark": "Видалити цю позначку",
    "Do you want to say more? (you don't have to)": "Хочеш розповісти більше? (не обов'язково)",
    "Don't write any names.": "Не пиши жодних імен.",
    "Done": "Готово",
    "Error code": "Код помилки",
    "Free of charge, non-stop, you don't have to say your name.":
        "Безкоштовно, цілодобово, не треба називати своє ім'я.",
    "How do you feel here?": "Як ти тут почуваєшся?",
    "I am afraid here": "Мені тут страшно",
    "I feel good here": "Мені тут добре",
    "Language": "Мова",
    "Linka bezpečí": "Linka bezpečí – телефон довіри для дітей",
    "Map": "Мапа",
    "Mark added.": "Позначку додано.",
    "Mark deleted.": "Позначку видалено.",
    "Mark moved.": "Позначку переміщено.",
    "Move the map so that the cross is on the place, then press “Add here”.":
        "Посунь мапу так, щоб хрестик був на місці, потім натисни «Додати тут».",
    "Need help or want to talk?": "Потрібна допомога або хочеш поговорити?",
    "New mark": "Нова позначка",
    "Next": "Далі",
    "No marks yet.": "Позначок ще немає.",
    "No questionnaire is open right now.": "Зараз немає відкритої анкети.",
    "Not available right now": "Зараз недоступно",
    "Please check the highlighted answer.": "Перевір, будь ласка, виділену відповідь.",
    "Please check the highlighted answers.": "Перевір, будь ласка, виділені відповіді.",
    "Please log in.": "Будь ласка, увійдіть.",
    "Progress": "Прогрес",
    "Safety in Litvínov": "Безпека в Літвінові",
    "Send": "Надіслати",
    "Some answers are not valid.": "Деякі відповіді неправильні.",
    "Something went wrong on our side.": "У нас щось пішло не так.",
    "Something went wrong.": "Щось пішло не так.",
    "Start": "Почати",
    "Tell us how safe you feel where you live. It is anonymous: we never ask for your name.":
        "Розкажіть нам, наскільки безпечно ви почуваєтеся там, де живете. Це анонімно: ми ніколи не питаємо імені.",
    "Thank you": "Дякуємо",
    "Thank you!": "Дякуємо!",
    "The data sent is too large.": "Надіслані дані завеликі.",
    "The form has expired. Please go back, reload the page and try again.":
        "Термін дії форми минув. Поверніться назад, оновіть сторінку і спробуйте ще раз.",
    "The map could not be loaded. Choose the places from the list below.":
        "Не вдалося завантажити мапу. Вибери місця зі списку нижче.",
    "The map ends here. Tap a place inside the map.": "Тут мапа закінчується. Торкнись місця всередині мапи.",
    "The organisers have been told. Thank you for your patience.":
        "Організаторам уже повідомили. Дякуємо за терпіння.",
    "The request could not be understood.": "Запит не вдалося зрозуміти.",
    "There is no questionnaire with this address.": "Анкети з такою адресою немає.",
    "This is no longer available.": "Це вже недоступно.",
    "This is temporarily unavailable.": "Це тимчасово недоступно.",
    "This method is not allowed here.": "Цей метод тут не дозволений.",
    "This page does not exist.": "Такої сторінки немає.",
    "This questionnaire is not available right now. Please try again later.":
        "Ця анкета зараз недоступна. Спробуй, будь ласка, пізніше.",
    "This type of data is not accepted.": "Такий тип даних не приймається.",
    "Too many attempts. Please wait a moment and try again.": "Забагато спроб. Зачекайте трохи і спробуйте ще раз.",
    "What is here?": "Що тут?",
    "Yes, I'm continuing": "Так, продовжую",
    "You already have %(n)d marks. If you want to add another one, delete one first.":
        "У тебе вже %(n)d позначок. Якщо хочеш додати ще одну, спочатку видали одну з них.",
    "You already have %(n)d marks. If you want to add another, delete one of them first.":
        "У тебе вже %(n)d позначок. Якщо хочеш додати ще одну, спочатку видали одну з них.",
    "You already have 1 mark. If you want to add another one, delete it first.":
        "У тебе вже 1 позначка. Якщо хочеш додати ще одну, спочатку видали її.",
    "You do not have access to this page.": "У вас немає доступу до цієї сторінки.",
    "Your answers could not be saved right now. Please wait a moment and try again.":
        "Зараз не вдалося зберегти відповіді. Зачекайте трохи і спробуйте ще раз.",
    "Your mark": "Твоя позначка",
    "Your marks": "Твої позначки",
    "Zoom in": "Збільшити",
    "Zoom out": "Зменшити",
    "mark": "позначка",
    "required": "обов'язково",
    "Read this aloud": "Прочитай мені це",
    "Read it to me: the question, then every answer": "Прочитай мені: питання, а потім усі відповіді",
    "Read it to me": "Прочитай мені",
    # Children's (ти) and adults' (ви) forms, keyed (context, msgid) like scripts/cs.
    ("children", "Choose the places from the list. You can choose more than one."):
        "Вибери місця зі списку. Можна вибрати кілька.",
    ("adults", "Choose the places from the list. You can choose more than one."):
        "Виберіть місця зі списку. Можна вибрати кілька.",
    ("children", "Click the place on the map. To move the map, drag it."):
        "Клацни на місце на мапі. Щоб посунути мапу, перетягни її.",
    ("adults", "Click the place on the map. To move the map, drag it."):
        "Клацніть на місце на мапі. Щоб посунути мапу, перетягніть її.",
    ("children", "Move the map with one finger until the cross is on the place, then press “Add here”."):
        "Посувай мапу одним пальцем, доки хрестик не буде на місці, потім натисни «Додати тут».",
    ("adults", "Move the map with one finger until the cross is on the place, then press “Add here”."):
        "Посувайте мапу одним пальцем, доки хрестик не буде на місці, потім натисніть «Додати тут».",
    ("children", "Tap the place on the map. To move the map, use two fingers."):
        "Торкнися місця на мапі. Щоб посунути мапу, використай два пальці.",
    ("adults", "Tap the place on the map. To move the map, use two fingers."):
        "Торкніться місця на мапі. Щоб посунути мапу, використайте два пальці.",
    ("children", "You have not answered any question yet, so there is nothing to send. Answer at least one question, or just close the page."):
        "Ти ще не відповів(-ла) на жодне питання, тому нема чого надсилати. Дай відповідь хоча б на одне питання або просто закрий сторінку.",
    ("adults", "You have not answered any question yet, so there is nothing to send. Answer at least one question, or just close the page."):
        "Ви ще не відповіли на жодне питання, тому нема чого надсилати. Дайте відповідь хоча б на одне питання або просто закрийте сторінку.",
    "Back to the start in %(seconds)s s": "Повернення на початок через %(seconds)s с",
    "Survey results": "Результати опитування",
}
