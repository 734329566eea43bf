"""The Slack bot: messages in, Block Kit out, no FastAPI (the routes are in api/routes/slack.py)."""
