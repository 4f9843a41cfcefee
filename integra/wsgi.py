from __future__ import annotations

import gc
import os

# One OpenMP thread per web worker: the embedding model on every core in every worker made query
# embeddings stall (p95 0.5-0.8 s, 21 ms with one thread; bench/library_bench.py). The background
# worker (manage.py db_worker) keeps all cores for embedding.
os.environ.setdefault("OMP_NUM_THREADS", "1")

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")
application = get_wsgi_application()

# Load the URL patterns now, then move everything loaded so far out of the garbage collector's
# reach: its full collections walked the ~200,000 objects of the loaded app during requests that
# build large pages (an agenda of 500 measures: p95 134 -> 73 ms; bench/agenda_bench.py).
get_resolver().url_patterns  # noqa: B018 (loads the URLconf)
gc.collect()
gc.freeze()
