"""Campaign pages: the facilitators' /admin/campaigns (admin.py) and the public
channel addresses /c/<token> and /k/<token> (public.py). Logic lives in
survey_app/campaigns.py and survey_app/posters.py."""
