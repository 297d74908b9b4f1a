# Czech for the integrator's changes of 2 December 2026: the adults' help lines.
{
    "First psychological aid line": "Linka první psychické pomoci",
    "Help line for victims of crime": "Linka pomoci obětem kriminality",
}
