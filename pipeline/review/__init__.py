"""The review app: recording decisions (decisions.py), the queue (queue.py), the web app
(app.py) and its server (server.py). The rules that turn decisions into an item's status
are in pipeline/reviews.py, shared with the briefing and the exports."""
