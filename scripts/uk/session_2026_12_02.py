# Ukrainian for the integrator's changes of 2 December 2026: the adults' help lines (Czech services).
{
    "First psychological aid line": "Лінія першої психологічної допомоги (Linka první psychické pomoci)",
    "Help line for victims of crime": "Лінія допомоги жертвам злочинів (Linka pomoci obětem kriminality)",
}
