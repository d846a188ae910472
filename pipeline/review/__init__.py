"""Review of extracted pledges and claims: decisions (state.py), queue, web app (app.py)."""
