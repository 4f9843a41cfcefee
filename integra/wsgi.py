from __future__ import annotations

import os

# One OpenMP thread per web worker: the embedding model on every core in every worker made query
# embeddings stall (p95 0.5-0.8 s, 21 ms with one thread; bench/library_bench.py). The background
# worker (manage.py db_worker) keeps all cores for embedding.
os.environ.setdefault("OMP_NUM_THREADS", "1")

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")
application = get_wsgi_application()
