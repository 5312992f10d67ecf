"""What an operations team needs to run the portal: the proxy in front, JSON logs, Prometheus
metrics, the readiness check and the workers' heartbeats (README, "Deploying")."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.operations import health, logs, metrics


def register_operations(app: Flask) -> None:
    logs.configure_logging(app)
    hops = app.config["PROXY_HOPS"]
    if hops > 0:  # only then are X-Forwarded-* believed: anyone can send them
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.wsgi_app = logs.RequestLog(app.wsgi_app)  # outermost: times the whole request
    app.before_request(logs.note_jobcenter)
    app.after_request(logs.describe_request)
    app.register_blueprint(metrics.bp)
    app.register_blueprint(health.bp)
