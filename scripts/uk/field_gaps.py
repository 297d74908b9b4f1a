# Ukrainian for branch field-gaps: answer-validation messages, ти (children) / ви (adults).
{
    ('children', 'Please answer this question.'):
        'Дай, будь ласка, відповідь на це питання.',
    ('adults', 'Please answer this question.'):
        'Дайте, будь ласка, відповідь на це питання.',
    ('children', 'Please choose one of the options offered.'):
        'Вибери один із запропонованих варіантів.',
    ('adults', 'Please choose one of the options offered.'):
        'Виберіть один із запропонованих варіантів.',
    ('children', 'The answer has the wrong form: a list is expected.'):
        'Відповідь має неправильну форму: очікується список.',
    ('adults', 'The answer has the wrong form: a list is expected.'):
        'Відповідь має неправильну форму: очікується список.',
    ('children', 'Too many choices (at most {max}).'):
        'Варіантів можеш вибрати щонайбільше {max}.',
    ('adults', 'Too many choices (at most {max}).'):
        'Варіантів можете вибрати щонайбільше {max}.',
    ('children', 'Too few choices (at least {min}).'):
        'Варіантів вибери щонайменше {min}.',
    ('adults', 'Too few choices (at least {min}).'):
        'Варіантів виберіть щонайменше {min}.',
    ('children', 'Please enter a number.'):
        'Напиши число.',
    ('adults', 'Please enter a number.'):
        'Введіть число.',
    ('children', 'Please enter a whole number.'):
        'Напиши ціле число.',
    ('adults', 'Please enter a whole number.'):
        'Введіть ціле число.',
    ('children', 'Please enter a number from {min} to {max}.'):
        'Напиши число від {min} до {max}.',
    ('adults', 'Please enter a number from {min} to {max}.'):
        'Введіть число від {min} до {max}.',
    ('children', 'The number must be at least {min}.'):
        'Число має бути щонайменше {min}.',
    ('adults', 'The number must be at least {min}.'):
        'Число має бути щонайменше {min}.',
    ('children', 'The number must be at most {max}.'):
        'Число може бути щонайбільше {max}.',
    ('adults', 'The number must be at most {max}.'):
        'Число може бути щонайбільше {max}.',
    ('children', 'The text is too long (at most {max} characters).'):
        'Текст задовгий (кількість знаків — щонайбільше {max}).',
    ('adults', 'The text is too long (at most {max} characters).'):
        'Текст задовгий (кількість знаків — щонайбільше {max}).',
    ('children', 'The answer must be text.'):
        'Відповідь має бути текстом.',
    ('adults', 'The answer must be text.'):
        'Відповідь має бути текстом.',
    ('children', 'This question is not asked after your earlier answers.'):
        'Після твоїх попередніх відповідей це питання не ставиться.',
    ('adults', 'This question is not asked after your earlier answers.'):
        'Після ваших попередніх відповідей це питання не ставиться.',
    ('children', 'There is no such question in this questionnaire.'):
        'Такого питання в анкеті немає.',
    ('adults', 'There is no such question in this questionnaire.'):
        'Такого питання в анкеті немає.',
    ('children', 'This part of the questionnaire is information only; it takes no answer.'):
        'Ця частина анкети — лише інформація, на неї не відповідають.',
    ('adults', 'This part of the questionnaire is information only; it takes no answer.'):
        'Ця частина анкети — лише інформація, на неї не відповідають.',
    ('children', 'The answers must be an object with an answer for each question.'):
        'Відповіді мають бути об’єктом, у якому до кожного питання є його відповідь.',
    ('adults', 'The answers must be an object with an answer for each question.'):
        'Відповіді мають бути об’єктом, у якому до кожного питання є його відповідь.',
    ('children', 'You have not answered any question yet, so there is nothing to send. Answer at least one question.'):
        'Ти ще не відповів(-ла) на жодне питання, тому нема чого надсилати. Дай відповідь хоча б на одне питання.',
    ('adults', 'You have not answered any question yet, so there is nothing to send. Answer at least one question.'):
        'Ви ще не відповіли на жодне питання, тому нема чого надсилати. Дайте відповідь хоча б на одне питання.',
    ('children', 'A mark has the wrong form.'):
        'Позначка має неправильну форму.',
    ('adults', 'A mark has the wrong form.'):
        'Позначка має неправильну форму.',
    ('children', 'A mark has no valid position.'):
        'Позначка не має правильного розташування.',
    ('adults', 'A mark has no valid position.'):
        'Позначка не має правильного розташування.',
    ('children', 'A mark is outside the map.'):
        'Позначка поза мапою.',
    ('adults', 'A mark is outside the map.'):
        'Позначка поза мапою.',
    ('children', 'Choose one of the offered categories for the mark.'):
        'Вибери для позначки одну із запропонованих категорій.',
    ('adults', 'Choose one of the offered categories for the mark.'):
        'Виберіть для позначки одну із запропонованих категорій.',
    ('children', 'A mark has an invalid feeling.'):
        'Позначка має недійсне відчуття.',
    ('adults', 'A mark has an invalid feeling.'):
        'Позначка має недійсне відчуття.',
    ('children', 'For each mark, choose whether you feel safe there or not.'):
        'Для кожної позначки вибери, чи почуваєшся ти там безпечно, чи ні.',
    ('adults', 'For each mark, choose whether you feel safe there or not.'):
        'Для кожної позначки виберіть, чи почуваєтеся ви там безпечно, чи ні.',
    ('children', 'Comments cannot be added to marks here.'):
        'Тут не можна додати коментар до позначки.',
    ('adults', 'Comments cannot be added to marks here.'):
        'Тут не можна додати коментар до позначки.',
    ('children', 'The comment on a mark must be text.'):
        'Коментар до позначки має бути текстом.',
    ('adults', 'The comment on a mark must be text.'):
        'Коментар до позначки має бути текстом.',
    ('children', 'The comment on a mark is too long (at most {max} characters).'):
        'Коментар до позначки задовгий (кількість знаків — щонайбільше {max}).',
    ('adults', 'The comment on a mark is too long (at most {max} characters).'):
        'Коментар до позначки задовгий (кількість знаків — щонайбільше {max}).',
    ('children', 'Choose a place from the list.'):
        'Вибери місце зі списку.',
    ('adults', 'Choose a place from the list.'):
        'Виберіть місце зі списку.',
    ('children', 'Too many marks (at most {max}).'):
        'Позначок можеш додати щонайбільше {max}.',
    ('adults', 'Too many marks (at most {max}).'):
        'Позначок можете додати щонайбільше {max}.',
    ('children', 'Too few marks (at least {min}).'):
        'Позначок додай щонайменше {min}.',
    ('adults', 'Too few marks (at least {min}).'):
        'Позначок додайте щонайменше {min}.',
    ('children', "A mark contains an unknown field '{key}'."):
        'Позначка містить невідоме поле «{key}».',
    ('adults', "A mark contains an unknown field '{key}'."):
        'Позначка містить невідоме поле «{key}».',
    # Existing texts: the adults' context (was the children's ти form), the 2-4 plural.
    ('adults', 'Choose how you feel here.'):
        'Виберіть, як ви тут почуваєтеся.',
    ('adults', 'Choose what is here.'):
        'Виберіть, що тут є.',
    ('adults', "Do you want to say more? (you don't have to)"):
        "Хочете розповісти більше? (не обов'язково)",
    ('adults', 'How do you feel here?'):
        'Як ви тут почуваєтеся?',
    ('adults', 'Move the map so that the cross is on the place, then press “Add here”.'):
        'Посуньте мапу так, щоб хрестик був на місці, потім натисніть «Додати тут».',
    ('adults', 'Need help or want to talk?'):
        'Потрібна допомога або хочете поговорити?',
    ('adults', 'Please check the highlighted answer.'):
        'Перевірте, будь ласка, виділену відповідь.',
    ('adults', 'Please check the highlighted answers.'):
        'Перевірте, будь ласка, виділені відповіді.',
    ('adults', 'The map could not be loaded. Choose the places from the list below.'):
        'Не вдалося завантажити мапу. Виберіть місця зі списку нижче.',
    ('adults', 'You already have %(n)d marks. If you want to add another one, delete one first.'):
        'У вас уже %(n)d позначок. Якщо хочете додати ще одну, спочатку видаліть одну з них.',
    ('adults', 'You already have %(n)d marks. If you want to add another, delete one of them first.'):
        'У вас уже %(n)d позначки. Якщо хочете додати ще одну, спочатку видаліть одну з них.',
    ('children', 'You already have %(n)d marks. If you want to add another, delete one of them first.'):
        'У тебе вже %(n)d позначки. Якщо хочеш додати ще одну, спочатку видали одну з них.',
    ('adults', 'You already have 1 mark. If you want to add another one, delete it first.'):
        'У вас уже 1 позначка. Якщо хочете додати ще одну, спочатку видаліть її.',
    ('adults', 'Your mark'):
        'Ваша позначка',
    ('adults', 'Your marks'):
        'Ваші позначки',
    # For the read-aloud buttons per audience (template patch in the field-gaps report).
    ('children', 'Read it to me'):
        'Прочитай мені',
    ('adults', 'Read it to me'):
        'Прочитати вголос',
    ('children', 'Read this aloud'):
        'Прочитай мені це',
    ('adults', 'Read this aloud'):
        'Прочитати вголос',
    ('children', 'Read it to me: the question, then every answer'):
        'Прочитай мені: питання, а потім усі відповіді',
    ('adults', 'Read it to me: the question, then every answer'):
        'Прочитати вголос: питання, а потім усі відповіді',
}
