"""The web page: server-rendered Jinja2 templates, static files and SVG drawn from query results."""
