"""The REST face (/v1): routes as data, parameter parsing into query specs, thin
endpoints, rendering, problems and the OpenAPI contract."""
