"""Running peaceops as a service: one pure ASGI layer of per-request duties, and operator
endpoints, one module per concept.

- ``request_id``: an ``X-Request-ID`` on every response, in every log line and problem;
- ``access_log``: one JSON line per request, keys and tokens stripped; the log config;
- ``headers``: security headers (CSP, nosniff, Referrer-Policy, framing);
- ``cors``: CORS open for reads, closed for credentials;
- ``body_limit``: 413 for request bodies over the configured size;
- ``ratelimit`` (+ ``ratelimit_backends``): budgets per client, GraphQL by cost;
- ``timeouts``: statement time limits on both engines;
- ``health``: ``/healthz`` and ``/readyz``;
- ``metrics``: ``/metrics`` in the Prometheus text format;
- ``problem_reply``: answering with a problem from middleware;
- ``response_headers``: headers added to a response as ASGI carries them;
- ``public_url``: the public base URL, for links that leave a response;
- ``stack``: the service layer, which runs the duties above in their order around the app.

Nothing is imported here: ``api.db`` uses ``timeouts`` and the query layer must not pull
in Starlette through this package.
"""
