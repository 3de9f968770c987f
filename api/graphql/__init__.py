"""The GraphQL face of peaceops: a Strawberry schema generated from the resource
declarations of ``api.query``, served at ``/graphql``.

``api.graphql.app.make_graphql_app(store)`` builds the ASGI app; ``api.graphql.schema``
holds the schema and ``schema_sdl()``, the contract committed as schema/schema.graphql.
"""

__all__: list[str] = []
