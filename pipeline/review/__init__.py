"""Review of extracted pledges and claims: decisions in the store (state.py), the web app (app.py)."""
