"""gunicorn's settings for production: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...).
"""

import multiprocessing
import os

wsgi_app = "partybuilding.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Pages wait on the database more than on the processor: two workers per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A PDF or a large page can take seconds; exports run as background jobs, not here.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then, so that no slow leak grows without end.
max_requests = 2000
max_requests_jitter = 200
# The TLS proxy in front sets X-Forwarded-Proto; only its address is believed.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
